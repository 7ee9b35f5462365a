import Foundation
import Platform
import Submissions

/// Compiling the paper as `crp compile` and the web desk's "Compile" both do it: refuse a paper
/// definition that still holds template values, compile with the report, render in the format.
public enum PaperBuild {
    /// The paper's bytes in `format` and compile's report (what went in, what was left out, why).
    public static func compile(store: Store, catalog: LocaleCatalog, programs: Programs, options: CompileOptions,
                               format: PaperFormat) throws -> (data: Data, report: CompileReport) {
        try store.paper.refuseTemplateValues(file: store.root.appendingPathComponent(Store.paperFile).path)
        let compiled = try Compiler(store: store, catalog: catalog).compileWithReport(options)
        let data = try PaperWriter(programs: programs).render(compiled.document, format: format)
        return (data, compiled.report)
    }
}
