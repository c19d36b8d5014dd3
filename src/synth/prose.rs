//! Synthetic English and Welsh text with the lengths and the mess of real updates: several
//! paragraphs, bullet lists, £ amounts, en dashes, URLs, quotes and cross-references.

use super::rng::Rng;

/// A sentence in both languages. `{month}`, `{year}`, `{n}`, `{money}`, `{place}`, `{span}` are
/// filled in per language.
type Pair = (&'static str, &'static str);

const SENTENCES: &[Pair] = &[
    (
        "In {month} {year} we held {n} online sessions for designated safeguarding persons on how to respond to monitoring alerts.",
        "Ym mis {month} {year} gwnaethom gynnal {n} sesiwn ar-lein ar gyfer personau diogelu dynodedig ar sut i ymateb i rybuddion monitro.",
    ),
    (
        "Pages in the Keeping safe online area were viewed more than {n},000 times during {span}, and the most visited pages were our guides for families.",
        "Cafodd tudalennau'r ardal Cadw'n ddiogel ar-lein eu gweld fwy na {n},000 o weithiau yn ystod {span}, a'r tudalennau a gafodd eu gweld amlaf oedd ein canllawiau i deuluoedd.",
    ),
    (
        "We provided {money} to partners for {span}, including new sessions for learners in special schools and pupil referral units.",
        "Gwnaethom ddarparu {money} i bartneriaid ar gyfer {span}, gan gynnwys sesiynau newydd i ddysgwyr mewn ysgolion arbennig ac unedau cyfeirio disgyblion.",
    ),
    (
        "A regional event in {place} in {month} {year} was attended by {n} professionals from education, health, social care and the police.",
        "Daeth {n} o weithwyr proffesiynol o'r sectorau addysg, iechyd, gofal cymdeithasol a'r heddlu i ddigwyddiad rhanbarthol yn {place} ym mis {month} {year}.",
    ),
    (
        "We published ‘Online issues and worries’ on Hwb in {month} {year}, which helps learners find advice on topics they have told us matter to them, such as online bullying, body image and scams.",
        "Gwnaethom gyhoeddi ‘Problemau a phryderon ar-lein’ ar Hwb ym mis {month} {year}, sy'n helpu dysgwyr i ddod o hyd i gyngor ar bynciau y maent wedi dweud wrthym eu bod yn bwysig iddynt, fel bwlio ar-lein, delwedd y corff a sgamiau.",
    ),
    (
        "Officials met the regulator's team in Wales every quarter to share insight from schools and from our Keeping Safe Online Youth Group.",
        "Bu swyddogion yn cyfarfod â thîm y rheoleiddiwr yng Nghymru bob chwarter i rannu gwybodaeth gan ysgolion a chan ein Grŵp Ieuenctid Cadw'n Ddiogel Ar-lein.",
    ),
    (
        "The evaluation of the pilot was completed in {month} {year}: schools reported that it helped them to identify safeguarding concerns earlier, but that the workload needed careful management.",
        "Cafodd y gwerthusiad o'r cynllun peilot ei gwblhau ym mis {month} {year}: dywedodd ysgolion ei fod wedi'u helpu i nodi pryderon diogelu yn gynharach, ond bod angen rheoli'r llwyth gwaith yn ofalus.",
    ),
    (
        "Demand for support remains high: our mailbox answered {n} queries from schools in {span}, {pct}% more than the year before.",
        "Mae'r galw am gymorth yn parhau i fod yn uchel: atebodd ein blwch post {n} o ymholiadau gan ysgolion yn {span}, {pct}% yn fwy na'r flwyddyn flaenorol.",
    ),
    (
        "We continue to work with UK Government officials, local authorities and the National Cyber Security Centre (NCSC) to understand what the changes mean for schools and childcare settings in Wales.",
        "Rydym yn parhau i weithio gyda swyddogion Llywodraeth y DU, awdurdodau lleol a'r Ganolfan Seiberddiogelwch Genedlaethol (NCSC) i ddeall beth y mae'r newidiadau'n ei olygu i ysgolion a lleoliadau gofal plant yng Nghymru.",
    ),
    (
        "{n} schools from every local authority took part in the competition, and the winners were announced at an event in {place} on {day} {month} {year}.",
        "Cymerodd {n} o ysgolion o bob awdurdod lleol ran yn y gystadleuaeth, a chyhoeddwyd yr enillwyr mewn digwyddiad yn {place} ar {day} {month} {year}.",
    ),
    (
        "Following agreement with all 22 local authorities, the service will be extended from September {next}, with {money} of funding in {nextspan}.",
        "Yn dilyn cytundeb gyda phob un o'r 22 awdurdod lleol, bydd y gwasanaeth yn cael ei ymestyn o fis Medi {next}, gyda {money} o gyllid yn {nextspan}.",
    ),
    (
        "Recordings of the briefings, with Welsh and English subtitles, were shared through the Keeping safe online area and viewed {n} times.",
        "Cafodd recordiadau o'r sesiynau briffio, gydag isdeitlau Cymraeg a Saesneg, eu rhannu drwy'r ardal Cadw'n ddiogel ar-lein a'u gweld {n} o weithiau.",
    ),
];

/// The sentence before a bullet list, and the items it can list.
const LIST_INTRO: Pair = (
    "New content published during the year included:",
    "Roedd y cynnwys newydd a gyhoeddwyd yn ystod y flwyddyn yn cynnwys:",
);

const ITEMS: &[Pair] = &[
    (
        "a series of guides for families on gaming platforms, including Roblox, Fortnite and Minecraft",
        "cyfres o ganllawiau i deuluoedd ar blatfformau gemau, gan gynnwys Roblox, Fortnite a Minecraft",
    ),
    (
        "updated advice for practitioners on financially motivated sexual extortion",
        "cyngor wedi'i ddiweddaru i ymarferwyr ar gribddeiliaeth rywiol ariannol",
    ),
    (
        "a short film for learners on recognising misinformation online",
        "ffilm fer i ddysgwyr ar adnabod camwybodaeth ar-lein",
    ),
    (
        "a checklist for assessing new apps and online services",
        "rhestr wirio ar gyfer asesu apiau a gwasanaethau ar-lein newydd",
    ),
    (
        "a template cyber incident response plan for schools",
        "templed o gynllun ymateb i ddigwyddiad seiber i ysgolion",
    ),
    (
        "a log for recording data breaches",
        "log ar gyfer cofnodi achosion o dorri rheolau diogelu data",
    ),
];

const COMMITMENTS: &[Pair] = &[
    (
        "The Welsh Government will work with the UK Safer Internet Centre and other partners to support the delivery of online safety events in Wales, including Safer Internet Day and briefings for professionals.",
        "Bydd Llywodraeth Cymru yn gweithio gyda Chanolfan Defnyddio'r Rhyngrwyd yn Fwy Diogel y DU a phartneriaid eraill i gefnogi'r gwaith o gyflwyno digwyddiadau diogelwch ar-lein yng Nghymru, gan gynnwys Diwrnod Defnyddio'r Rhyngrwyd yn Fwy Diogel a sesiynau briffio i weithwyr proffesiynol.",
    ),
    (
        "The Welsh Government will maintain the Keeping safe online area of Hwb as the central source of bilingual online safety advice, resources and support for learners, families, practitioners and governors in Wales.",
        "Bydd Llywodraeth Cymru yn cynnal yr ardal Cadw'n ddiogel ar-lein ar Hwb fel y brif ffynhonnell o gyngor, adnoddau a chymorth dwyieithog ar ddiogelwch ar-lein i ddysgwyr, teuluoedd, ymarferwyr a llywodraethwyr yng Nghymru.",
    ),
    (
        "The Welsh Government will publish guidance for schools on cyber resilience and data protection, and keep it up to date as legislation and threats change.",
        "Bydd Llywodraeth Cymru yn cyhoeddi canllawiau i ysgolion ar gadernid seiber a diogelu data, ac yn eu cadw'n gyfredol wrth i ddeddfwriaeth a bygythiadau newid.",
    ),
];

const BACKGROUND: &[Pair] = &[
    (
        "The UK Safer Internet Centre (UKSIC) is a partnership of three charities – Childnet, the Internet Watch Foundation and SWGfL – and coordinates Safer Internet Day in the UK.",
        "Mae Canolfan Defnyddio'r Rhyngrwyd yn Fwy Diogel y DU (UKSIC) yn bartneriaeth rhwng tair elusen – Childnet, yr Internet Watch Foundation a SWGfL – ac mae'n cydlynu Diwrnod Defnyddio'r Rhyngrwyd yn Fwy Diogel yn y DU.",
    ),
    (
        "Its outreach programme gives professionals working with children and young people up-to-date information on online safety trends, issues and research, and points them to resources and advice.",
        "Mae ei rhaglen allgymorth yn rhoi'r wybodaeth ddiweddaraf i weithwyr proffesiynol sy'n gweithio gyda phlant a phobl ifanc am dueddiadau, materion ac ymchwil ym maes diogelwch ar-lein, ac yn eu cyfeirio at adnoddau a chyngor.",
    ),
    (
        "Schools hold more personal data than ever, and a cyber incident can close a school for days; guidance written for schools helps leaders to plan for one.",
        "Mae ysgolion yn cadw mwy o ddata personol nag erioed, a gall digwyddiad seiber gau ysgol am ddyddiau; mae canllawiau a ysgrifennwyd ar gyfer ysgolion yn helpu arweinwyr i gynllunio ar gyfer un.",
    ),
];

const MONTHS: [Pair; 12] = [
    ("January", "Ionawr"),
    ("February", "Chwefror"),
    ("March", "Mawrth"),
    ("April", "Ebrill"),
    ("May", "Mai"),
    ("June", "Mehefin"),
    ("July", "Gorffennaf"),
    ("August", "Awst"),
    ("September", "Medi"),
    ("October", "Hydref"),
    ("November", "Tachwedd"),
    ("December", "Rhagfyr"),
];

/// Places whose Welsh names take no mutation after "yn".
const PLACES: &[Pair] = &[
    ("Swansea", "Abertawe"),
    ("Wrexham", "Wrecsam"),
    ("Aberystwyth", "Aberystwyth"),
    ("Llandudno", "Llandudno"),
    ("Llanelli", "Llanelli"),
    ("Aberdare", "Aberdâr"),
];

/// Text in both languages, as a partner types it into a cell.
#[derive(Clone, Debug, Default)]
pub struct Both {
    pub en: String,
    pub cy: String,
}

impl Both {
    fn push(&mut self, (en, cy): (&str, &str)) {
        self.en.push_str(en);
        self.cy.push_str(cy);
    }
}

/// One sentence with its slots filled, the same facts in both languages.
fn sentence(rng: &mut Rng, pair: Pair, year: u16) -> (String, String) {
    let month = MONTHS[rng.below(12)];
    let place = PLACES[rng.below(PLACES.len())];
    let n = (10 + rng.below(990)).to_string();
    let pct = (2 + rng.below(30)).to_string();
    let day = (1 + rng.below(28)).to_string();
    let money = format!("£{}", money(rng));
    let span = format!("{}–{:02}", year - 1, year % 100);
    let nextspan = format!("{}–{:02}", year + 1, (year + 2) % 100);
    let fill = |s: &str, month: &str, place: &str| {
        s.replace("{month}", month)
            .replace("{place}", place)
            .replace("{year}", &year.to_string())
            .replace("{next}", &(year + 1).to_string())
            .replace("{n}", &n)
            .replace("{pct}", &pct)
            .replace("{day}", &day)
            .replace("{money}", &money)
            .replace("{span}", &span)
            .replace("{nextspan}", &nextspan)
    };
    (
        fill(pair.0, month.0, place.0),
        fill(pair.1, month.1, place.1),
    )
}

fn money(rng: &mut Rng) -> String {
    if rng.chance(0.5) {
        format!("{}.{} million", 1 + rng.below(4), rng.below(10))
    } else {
        format!("{},000", 20 + rng.below(480))
    }
}

/// A progress update for `year`: 1–3 paragraphs of 1–3 sentences, sometimes a bullet list, a
/// cross-reference to action `reference` or a link. About 600 characters of English, as in real
/// updates.
pub fn update(rng: &mut Rng, year: u16, reference: &str) -> Both {
    let mut out = Both::default();
    let paragraphs = 1 + rng.below(3);
    for p in 0..paragraphs {
        if p > 0 {
            out.push(("\n\n", "\n\n"));
        }
        let sentences = 1 + rng.below(3);
        for s in 0..sentences {
            if s > 0 {
                out.push((" ", " "));
            }
            let pair = SENTENCES[rng.below(SENTENCES.len())];
            let (en, cy) = sentence(rng, pair, year);
            out.push((&en, &cy));
        }
        if p == 0 && rng.chance(0.25) {
            out.push(("\n\n", "\n\n"));
            out.push(LIST_INTRO);
            let first = rng.below(ITEMS.len());
            for i in 0..3 {
                let (en, cy) = ITEMS[(first + i) % ITEMS.len()];
                out.push(("\n• ", "\n• "));
                out.push((en, cy));
            }
        }
    }
    if rng.chance(0.3) {
        let r = reference;
        out.push((
            &format!(" Further work is described under this plan's other actions (see action {r})."),
            &format!(" Disgrifir rhagor o waith o dan gamau gweithredu eraill y cynllun hwn (gweler cam gweithredu {r})."),
        ));
    }
    if rng.chance(0.15) {
        let url = format!("https://hwb.gov.wales/zones/keeping-safe-online/{year}");
        out.push((
            &format!("\n\nFurther information is available at {url}"),
            &format!("\n\nMae rhagor o wybodaeth ar gael yn {url}"),
        ));
    }
    out
}

pub fn commitment(rng: &mut Rng) -> Both {
    let (en, cy) = COMMITMENTS[rng.below(COMMITMENTS.len())];
    Both {
        en: en.to_string(),
        cy: cy.to_string(),
    }
}

/// The original background from the first plan: two paragraphs.
pub fn background(rng: &mut Rng) -> Both {
    let first = rng.below(BACKGROUND.len());
    let mut out = Both::default();
    out.push(BACKGROUND[first]);
    out.push(("\n\n", "\n\n"));
    out.push(BACKGROUND[(first + 1) % BACKGROUND.len()]);
    out
}
