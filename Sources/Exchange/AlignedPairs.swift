import Foundation
import MultilingualText

extension AlignedView {
    /// The paragraphs of the original and of the translation as the aligned view pairs them (by
    /// position; unpaired ones at the end with an empty partner), for a front end that lays them
    /// out itself (the web desk's submission page).
    public static func pairs(original: String, translation: String) -> [(original: String, translation: String)] {
        let left = paragraphs(original), right = paragraphs(translation)
        return (0..<max(left.count, right.count)).map { i in (i < left.count ? left[i] : "", i < right.count ? right[i] : "") }
    }
}
