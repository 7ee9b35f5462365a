extension Registrar {
    /// The reason a revision records when the officer gives none (`crp revise`, the web desk).
    public static let defaultRevisionReason = "Revised text received from the State"
}
