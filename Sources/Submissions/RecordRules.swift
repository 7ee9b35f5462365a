import Foundation

// The rules a record must satisfy whoever writes it, once: the application layer calls them
// before any file is read (to refuse early) and the store calls them again before it writes (so a
// record that breaks them is never stored, whatever the caller).

extension PaperDefinition {
    /// Refuses an empty list of agenda items and any item the paper does not have.
    public func checkItems(_ items: [Int]) throws {
        if items.isEmpty { throw StoreError.noItem }
        for i in items where !self.items.contains(where: { $0.number == i }) {
            throw StoreError.unknownItem(i, known: self.items.map(\.number))
        }
    }

    /// Refuses a record without a State.
    public func checkStates(_ states: [String]) throws {
        if states.isEmpty { throw StoreError.emptyState }
    }
}
