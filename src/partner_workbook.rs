//! Pre-filled submission workbooks for partner teams: their open actions, last year's status and
//! text for reference, a status drop-down, protected reference columns and bilingual instructions.
//! In a plan's first year nothing is published yet: the workbook then has no reference columns,
//! and its instructions say to set the actions up on the New actions sheet.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatBorder, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

use crate::ingest::columns::{self, Column, NEW_ACTIONS_SHEET, UPDATES_SHEET};
use crate::model::{Dataset, Lang, Plan, Status};

/// Rows beyond the pre-filled ones that stay open for more updates.
const SPARE_ROWS: u32 = 30;

/// The workbook for one team for `year`, as `.xlsx` bytes, from the dataset `published` for the
/// year before (none in a plan's first year). `lang` chooses the sheet and column names.
pub fn workbook(
    plan: &Plan,
    published: Option<&Dataset>,
    team: &str,
    year: u16,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed date rather than now, so the same inputs give the same bytes.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(year, 1, 1)?;
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    // The year it is for, where a check of the file alone finds it (Excel and LibreOffice keep
    // a workbook's names when they save it, as .xlsx, .ods or .xls).
    wb.define_name(crate::ingest::YEAR_NAME, &format!("={year}"))?;
    let name = |pair: (&'static str, &'static str)| if lang == Lang::Cy { pair.1 } else { pair.0 };
    let header = |c: Column| {
        columns::COLUMNS
            .iter()
            .find(|x| x.0 == c)
            .map(|x| if lang == Lang::Cy { x.2 } else { x.1 })
            .unwrap_or_default()
    };

    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#D9E2E5")
        .set_border_bottom(FormatBorder::Thin);
    let text_in = Format::new()
        .set_unlocked()
        .set_num_format("@")
        .set_text_wrap();
    let reference = Format::new()
        .set_text_wrap()
        .set_background_color("#F2F2F2")
        .set_font_color("#404040");

    let actions: Vec<_> = published
        .iter()
        .flat_map(|d| &d.actions)
        .filter(|a| a.lead_team == team && a.is_open())
        .collect();
    let last = year - 1;
    let first_year = published.is_none();

    let ws = wb.add_worksheet().set_name(name(UPDATES_SHEET))?;
    let inputs = [
        Column::Action,
        Column::Status,
        Column::UpdateEn,
        Column::UpdateCy,
        Column::Team,
        Column::Contact,
        Column::Notes,
    ];
    // Last year's words for reference, when there is a last year.
    let refs = match first_year {
        true => Vec::new(),
        false => vec![
            "For reference: commitment / Ymrwymiad".to_string(),
            format!("For reference: status {last} / Statws {last}"),
            format!("For reference: update {last} (English)"),
            format!("For reference: update {last} (Welsh) / Diweddariad {last} (Cymraeg)"),
        ],
    };
    for (i, c) in inputs.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, header(*c), &bold)?;
    }
    for (j, r) in refs.iter().enumerate() {
        ws.write_string_with_format(0, (inputs.len() + j) as u16, r, &bold)?;
    }
    let widths = [
        10.0, 14.0, 60.0, 60.0, 18.0, 22.0, 30.0, 45.0, 16.0, 60.0, 60.0,
    ];
    for (col, w) in widths.iter().enumerate().take(inputs.len() + refs.len()) {
        ws.set_column_width(col as u16, *w)?;
        let fmt = if col < inputs.len() {
            &text_in
        } else {
            &reference
        };
        ws.set_column_format(col as u16, fmt)?;
    }
    for (i, a) in actions.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string_with_format(row, 0, a.id.as_str(), &text_in)?;
        ws.write_string_with_format(row, 4, team, &text_in)?;
        let plain =
            |t: &Option<crate::model::Text>| t.as_ref().map(|t| t.plain()).unwrap_or_default();
        ws.write_string_with_format(row, 7, plain(a.commitment.get(lang)), &reference)?;
        if let Some(u) = a.update_for(last) {
            ws.write_string_with_format(row, 8, u.status.name(lang), &reference)?;
            ws.write_string_with_format(row, 9, plain(&u.text.en), &reference)?;
            ws.write_string_with_format(row, 10, plain(&u.text.cy), &reference)?;
        }
    }
    let last_row = actions.len() as u32 + SPARE_ROWS;
    let words: Vec<&str> = Status::words().map(|(_, w)| w).collect();
    let validation = DataValidation::new()
        .allow_list_strings(&words)?
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title("Status / Statws")?
        .set_error_message("Choose a status from the list. / Dewiswch statws o'r rhestr.")?;
    ws.add_data_validation(1, 1, last_row, 1, &validation)?;
    ws.set_freeze_panes(1, 1)?;
    protect(ws);

    let ws = wb.add_worksheet().set_name(name(NEW_ACTIONS_SHEET))?;
    let new_cols = [
        Column::Action,
        Column::Category,
        Column::CommitmentEn,
        Column::CommitmentCy,
        Column::LeadTeam,
        Column::BackgroundEn,
        Column::BackgroundCy,
    ];
    for (i, c) in new_cols.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, header(*c), &bold)?;
        ws.set_column_format(i as u16, &text_in)?;
        ws.set_column_width(
            i as u16,
            if i < 2 {
                12.0
            } else if i == 4 {
                18.0
            } else {
                50.0
            },
        )?;
    }
    ws.set_freeze_panes(1, 0)?;

    let ws = wb
        .add_worksheet()
        .set_name("Instructions - Cyfarwyddiadau")?;
    ws.set_column_width(0, 110.0)?;
    let wrap = Format::new().set_text_wrap();
    let title = Format::new().set_bold().set_font_size(13);
    // Each language's instructions name the team in that language.
    let team_name = |lang: Lang| {
        plan.team(team)
            .map(|t| t.name.get(lang).clone())
            .unwrap_or_else(|| team.to_string())
    };
    let lines = instructions(
        (&team_name(Lang::En), &team_name(Lang::Cy)),
        year,
        first_year,
    );
    for (i, (is_title, line)) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, line, if *is_title { &title } else { &wrap })?;
    }
    wb.save_to_buffer()
}

/// Locks the reference columns while leaving the input columns editable and rows resizable.
fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

/// The instructions sheet's lines (`true`: a title), in English then Welsh, each naming the team
/// in its own language (`team`: English, Welsh).
fn instructions(team: (&str, &str), year: u16, first_year: bool) -> Vec<(bool, String)> {
    let (reference, reference_cy) = match first_year {
        true => (
            "This is the plan's first year: set up each action your team leads on the New actions sheet, then write its first update, if it has one, on the Updates sheet. Notes for reviewers are never published.",
            "Dyma flwyddyn gyntaf y cynllun: rhowch bob cam gweithredu y mae eich tîm yn ei arwain ar y daflen Camau gweithredu newydd, yna ysgrifennwch ei ddiweddariad cyntaf, os oes un, ar y daflen Diweddariadau. Ni chaiff nodiadau i adolygwyr byth eu cyhoeddi.",
        ),
        false => (
            "The grey columns show last year's text for reference; they are not sent back. Notes for reviewers are never published.",
            "Mae'r colofnau llwyd yn dangos testun y llynedd er gwybodaeth; nid ydynt yn cael eu hanfon yn ôl. Ni chaiff nodiadau i adolygwyr byth eu cyhoeddi.",
        ),
    };
    vec![
        (true, format!("Annual update {year}: {}", team.0)),
        (false, "Write one row per action on the Updates sheet: its status (choose from the list) and what happened this year, in English and in Welsh.".into()),
        (false, "Separate paragraphs with a blank line (Alt+Enter twice). Start a line with • or - and a space for a bullet point. Web addresses become links; write \"see action 3.3\" to refer to another action. Nothing else is formatting.".into()),
        (false, reference.into()),
        (false, "To propose a new action, fill a row on the New actions sheet. Do not change the Action IDs: 2.10 is not 2.1.".into()),
        (false, "Check the file before you send it: annual-update check <file>.".into()),
        (false, String::new()),
        (true, format!("Diweddariad blynyddol {year}: {}", team.1)),
        (false, "Ysgrifennwch un rhes ar gyfer pob cam gweithredu ar y daflen Diweddariadau: ei statws (dewiswch o'r rhestr) a'r hyn a ddigwyddodd eleni, yn Saesneg ac yn Gymraeg.".into()),
        (false, "Gwahanwch baragraffau â llinell wag (Alt+Enter ddwywaith). Dechreuwch linell â • neu - a bwlch ar gyfer pwynt bwled. Daw cyfeiriadau gwe yn ddolenni; ysgrifennwch \"gweler cam gweithredu 3.3\" i gyfeirio at gam gweithredu arall. Nid oes unrhyw fformatio arall.".into()),
        (false, reference_cy.into()),
        (false, "I gynnig cam gweithredu newydd, llenwch res ar y daflen Camau gweithredu newydd. Peidiwch â newid rhifau'r camau gweithredu: nid yw 2.10 yr un peth â 2.1.".into()),
        (false, "Gwiriwch y ffeil cyn ei hanfon: annual-update check <ffeil>.".into()),
    ]
}
