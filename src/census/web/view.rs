//! What the observatory shows, once computed: its charts with their data tables and the
//! department map — drawn by the page (`observatory`) and by its PDF (`observatory_pdf`).

/// One row of a chart's data table.
pub struct TableRow {
    pub label: String,
    pub places: String,
    pub cells: Vec<String>,
}

/// One chart and the table that says the same.
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub svg: String,
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
    /// A line over the years, when there are several.
    pub years: Option<String>,
    /// For a choice question grouped by department, region or typology: the share of each
    /// choice in each group, as stacked bars.
    pub stack: Option<String>,
}

/// The department map and its data table.
pub struct MapView {
    pub title: String,
    pub svg: String,
    /// What the map can show: (value of `carte`, label, selected).
    pub choices: Vec<(String, String, bool)>,
    pub rows: Vec<(String, String)>,
}
