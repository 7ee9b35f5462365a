/// How a count's rule reads for an officer (`crp show`). The rule stays stored as it was written in
/// `analysis.json` (`crp verify` compares the whole analysis with a fresh one, so stores written
/// before stay valid); only what is shown is put in plain words, as `crp workload` says it
/// (`WorkloadRow.countingRule`).
extension Count {
    /// The stored word rule's technical form, `ICU word break (LANG): tokens with rule status ≥
    /// UBRK_WORD_NONE_LIMIT`, split around the language.
    static let wordRulePrefix = "ICU word break ("
    static let wordRuleSuffix = "): tokens with rule status ≥ UBRK_WORD_NONE_LIMIT"

    /// The rule in plain words; a rule in no known technical form is shown as stored.
    public var ruleInPlainWords: String {
        guard rule.hasPrefix(Self.wordRulePrefix), rule.hasSuffix(Self.wordRuleSuffix),
            rule.count > Self.wordRulePrefix.count + Self.wordRuleSuffix.count
        else { return rule }
        let language = rule.dropFirst(Self.wordRulePrefix.count).dropLast(Self.wordRuleSuffix.count)
        return "ICU's word-break rules for \(language): numbers and words count, punctuation and spaces do not"
    }
}
