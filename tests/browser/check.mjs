// Opens every page of a web edition (the folder given, `output/<year>/html`) in headless Chromium,
// runs axe-core on it at WCAG 2.1 AA, and checks that every internal link resolves: the page
// exists and, for `#anchor`, an element with that id. With `--screenshots DIR`, also saves each
// language's index and first category page at desktop and phone widths. Prints a JSON report;
// exits 1 if any page has a violation or a broken link.
import { chromium } from "playwright-core";
import { readFileSync, readdirSync, existsSync, mkdirSync } from "node:fs";
import { join, dirname, resolve, relative } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const args = process.argv.slice(2);
const root = resolve(args[0]);
const shotsAt = args.indexOf("--screenshots");
const shots = shotsAt >= 0 ? resolve(args[shotsAt + 1]) : null;
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const pages = [];
for (const lang of readdirSync(root)) {
  const dir = join(root, lang);
  if (!existsSync(join(dir, "index.html"))) continue;
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".html")).sort()) pages.push(join(dir, f));
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
const context = await browser.newContext();
// No page may ask for anything outside its folder.
const external = [];
await context.route("**/*", (route) => {
  const url = route.request().url();
  if (!url.startsWith("file://")) external.push(url);
  return url.startsWith("file://") ? route.continue() : route.abort();
});
const page = await context.newPage();
const report = { pages: pages.length, violations: [], broken: [], external, ids: {} };
const idsOf = new Map();

for (const file of pages) {
  await page.goto(pathToFileURL(file).href);
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  for (const v of result.violations) {
    report.violations.push({ page: relative(root, file), id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) });
  }
  const { ids, links } = await page.evaluate(() => ({
    ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
    links: [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")),
  }));
  idsOf.set(file, new Set(ids));
  report.ids[relative(root, file)] = ids.length;
  for (const href of links) {
    if (/^(https?:|mailto:)/.test(href)) continue;
    const [path, anchor] = href.split("#");
    const target = path ? resolve(dirname(file), path) : file;
    report.broken.push({ page: relative(root, file), href, target, anchor: anchor || null });
  }
}
// Links are resolved once every page's ids are known.
report.broken = report.broken.filter(({ target, anchor }) => {
  if (!existsSync(target)) return true;
  if (!anchor) return false;
  const ids = idsOf.get(target);
  return !ids || !ids.has(anchor);
}).map(({ page, href }) => ({ page, href }));

if (shots) {
  mkdirSync(shots, { recursive: true });
  for (const lang of ["en", "cy"]) {
    for (const [name, width, height] of [["desktop", 1280, 900], ["phone", 390, 844]]) {
      await page.setViewportSize({ width, height });
      for (const f of ["index.html", "category-2.html"]) {
        const file = join(root, lang, f);
        if (!existsSync(file)) continue;
        await page.goto(pathToFileURL(file).href);
        await page.screenshot({ path: join(shots, `${lang}-${f.replace(".html", "")}-${name}.png`), fullPage: false });
      }
    }
  }
}
await browser.close();
console.log(JSON.stringify(report, null, 2));
process.exit(report.violations.length || report.broken.length || report.external.length ? 1 : 0);
