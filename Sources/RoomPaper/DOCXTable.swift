import MultilingualText

extension DOCXBody {
    /// Writes a State's table as `w:tbl`: single borders, equal columns across the text width
    /// less the comment indent, `w:bidiVisual` for a right-to-left table (first column on the
    /// right), one paragraph per cell with its own direction. Rows shorter than the widest get
    /// empty cells, so every row keeps its cells paired.
    mutating func table(_ t: Table) {
        let columns = max(t.columns, 1)
        // A4 (11906 twips) less 1134 on each side, less the 720 indent of comments on each side.
        let width = 11906 - 2 * 1134 - 2 * 720
        let cell = width / columns
        w.raw("<w:tbl><w:tblPr>")
        if t.direction == .rtl { w.raw("<w:bidiVisual/>") }
        w.raw("<w:tblW w:w=\"\(cell * columns)\" w:type=\"dxa\"/><w:tblInd w:w=\"720\" w:type=\"dxa\"/>")
        w.raw("<w:tblBorders>")
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            w.raw("<w:\(side) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>")
        }
        w.raw("</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>")
        for _ in 0..<columns { w.raw("<w:gridCol w:w=\"\(cell)\"/>") }
        w.raw("</w:tblGrid>")
        for row in t.rows {
            w.raw("<w:tr>")
            for i in 0..<columns {
                w.raw("<w:tc><w:tcPr><w:tcW w:w=\"\(cell)\" w:type=\"dxa\"/></w:tcPr>")
                let c = i < row.count ? row[i] : TableCell(runs: [], direction: t.direction)
                let direction = c.direction == .neutral ? t.direction : c.direction
                paragraph(style: "Normal", language: t.language, direction: direction, pieces: pieces(c.runs))
                w.raw("</w:tc>")
            }
            w.raw("</w:tr>")
        }
        w.raw("</w:tbl>")
    }
}
