//! `pathway pathways`: the curated learning pathways.

use crate::cli::Format;
use crate::context::{emit, Context};
use crate::render;
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct PathwayRow<'a> {
    id: &'a str,
    title: &'a str,
    from: &'a str,
    to: &'a str,
    duration_months: crate::framework::DurationRange,
}

#[derive(Serialize)]
struct PathwaysView<'a> {
    pathways: Vec<PathwayRow<'a>>,
}

pub fn run(context: &Context) -> Result<()> {
    let format = context.format(&[Format::Table, Format::Markdown, Format::Json])?;
    let framework = context.framework()?;
    let view = PathwaysView {
        pathways: framework
            .pathways()
            .map(|p| PathwayRow {
                id: &p.id,
                title: &p.title,
                from: &p.from,
                to: &p.to,
                duration_months: p.duration_months,
            })
            .collect(),
    };
    let header = ["ID", "FROM", "TO", "MONTHS"];
    let rows: Vec<Vec<String>> = view
        .pathways
        .iter()
        .map(|p| {
            vec![
                p.id.to_string(),
                p.from.to_string(),
                p.to.to_string(),
                format!("{}–{}", p.duration_months.min, p.duration_months.max),
            ]
        })
        .collect();
    let text = match format {
        Format::Json => render::json("pathways", &view)?,
        Format::Markdown => render::markdown_table(&header, &rows),
        _ => {
            let mut out = render::table(&context.style, &header, rows, &[3]);
            out.push_str(&context.style.hint("Next: pathway pathway <ID>"));
            out
        }
    };
    emit(&text)
}
