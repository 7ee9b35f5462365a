/// Every string of the web desk's interface, in one place: the English set today; another
/// official language is another value of this type.
public struct DeskStrings: Sendable {
    public var languageCode: String
    public var direction: String
    public var appName: String
    // Sign-in
    public var signInTitle: String
    public var userName: String
    public var password: String
    public var signIn: String
    public var signOut: String
    public var signedInAs: String
    public var wrongPassword: String
    public var tooManyAttempts: String
    public var sessionExpired: String
    // Navigation
    public var board: String
    public var register: String
    public var compile: String
    public var skipToContent: String
    // Labels the issue fixes
    public var file: String
    public var state: String
    public var language: String
    public var agendaItems: String
    public var dateReceived: String
    public var reason: String
    public var translationFile: String
    public var attachTranslation: String
    public var markReviewed: String
    public var includeInPaper: String
    public var withdraw: String
    public var reopen: String
    // Board
    public var filter: String
    public var status: String
    public var any: String
    public var lateOnly: String
    public var pendingOnly: String
    public var id: String
    public var words: String
    public var assignedTo: String
    public var nobody: String
    public var late: String
    public var noSubmissions: String
    public var totals: String
    // Submission page
    public var facts: String
    public var versions: String
    public var parts: String
    public var originalAndTranslation: String
    public var original: String
    public var translation: String
    public var noTranslation: String
    public var history: String
    public var when: String
    public var what: String
    public var who: String
    public var details: String
    public var nextSteps: String
    public var downloadOriginal: String
    public var assign: String
    public var assignTo: String
    public var reopenTo: String
    public var translator: String
    public var source: String
    public var encoding: String
    public var part: String
    public var choosePart: String
    /// The board's chart and its link to the overview report.
    public var receivedOverTime: String
    public var overviewFigures: String
    /// Beside a file kept from a refused registration: the officer need not choose it again.
    public var keptUpload: String
    public var replaceKeptUpload: String
    public var optional: String
    // Compile
    public var format: String
    public var compileReport: String
    public var strictVerdictComplete: String
    public var strictVerdictIncomplete: String
    public var allSubmissions: String
    public var withOriginals: String
    // Errors
    public var forbidden: String
    public var notFound: String
    public var refused: String
    public var csrfRefused: String
    public var tooLarge: String
    public var back: String
    // Proofreading
    public var proofread: String
    public var scannedPage: String
    public var scanNotAnImage: String
    public var textReadByOCR: String
    public var leastSureLines: String
    public var noDoubtfulLine: String
    public var breakInsideSentence: String
    public var breaksHeading: String
    public var confirmText: String
    public var saveCorrected: String
    // Exchange
    public var forTranslators: String
    public var downloadXLIFF2: String
    public var downloadXLIFF1: String
    public var xliffFile: String
    public var returnXLIFF: String
    // Search and verify
    public var search: String
    public var searchText: String
    public var noHits: String
    public var verify: String
    public var verifyClean: String
    public var verifyProblems: String
    public var repairHint: String
    // Corrections, revisions, overview
    public var amend: String
    public var amendHint: String
    public var revise: String
    public var revisedFile: String
    public var overview: String
    // Added later: defaults in English, so that the set above keeps its shape.
    public var jointStates = "Other States of a joint text (one per line)"
    public var overridesLegend = "Register despite a refusal (say why in Reason)"
    public var allowSameText = "The same text is already registered for another State: register it for this State too"
    public var force = "Register despite a doubt about the text (its script or encoding) or a date long before the session"
    public var footnotes = "Notes"
    public var exchange = "Exchange"
    public var exportChosen = "Download for the chosen submissions"
    public var choose = "Choose"
    public var exportHint = "XLIFF: one file per submission (several come as one .zip); TMX: one file with the reviewed translations."
    public var noneToExport = "No submission can go out for translation."
    public var pageImage = "Page"
    public var pdfPages = "The pages of the PDF"
    public var textFromPDF = "Text read from the PDF's text layer"
    public var rows = "Rows"
    public var of = "of"
    public var previousPage = "Previous page"
    public var nextPage = "Next page"
    public var pages = "Pages of the board"

    public static let english = DeskStrings(
        languageCode: "en", direction: "ltr", appName: "RoomPaper desk",
        signInTitle: "Sign in to the RoomPaper desk", userName: "User name", password: "Password", signIn: "Sign in", signOut: "Sign out",
        signedInAs: "Signed in as", wrongPassword: "The user name or the password is wrong. Try again.",
        tooManyAttempts:
            "Too many failed sign-ins for this user name or from this address. Wait 15 minutes and try again, or ask an officer to set a new password with `crp user password`.",
        sessionExpired: "Your session has ended. Sign in again.",
        board: "Status board", register: "Register", compile: "Compile", skipToContent: "Skip to the content",
        file: "File", state: "State", language: "Language", agendaItems: "Agenda items", dateReceived: "Date received", reason: "Reason",
        translationFile: "Translation file", attachTranslation: "Attach translation", markReviewed: "Mark reviewed",
        includeInPaper: "Include in the paper", withdraw: "Withdraw", reopen: "Reopen",
        filter: "Filter", status: "Status", any: "Any", lateOnly: "Late only", pendingOnly: "Not yet in the paper",
        id: "Id", words: "Words", assignedTo: "Assigned to", nobody: "nobody", late: "late",
        noSubmissions: "No submission matches.", totals: "Totals",
        facts: "Facts", versions: "Versions", parts: "Parts of what arrived", originalAndTranslation: "Original and translation, paragraph by paragraph",
        original: "Original", translation: "Translation", noTranslation: "No translation attached yet.",
        history: "History", when: "When", what: "What", who: "Who", details: "Details", nextSteps: "Next steps",
        downloadOriginal: "Download the original", assign: "Assign", assignTo: "Assign to", reopenTo: "Back to",
        translator: "Translator", source: "Who translated", encoding: "Encoding", part: "Part", choosePart: "Choose the part that holds the comments",
        receivedOverTime: "Received over time", overviewFigures: "Overview report: the figures per agenda item and language, the late and withdrawn lists",
        keptUpload: "kept from your last try", replaceKeptUpload: "only to replace the kept file",
        optional: "optional",
        format: "Format", compileReport: "What the paper holds", strictVerdictComplete: "Complete: every submission that is not withdrawn is in the paper.",
        strictVerdictIncomplete: "Not complete (crp compile --strict would fail): some submissions are left out or pending.",
        allSubmissions: "Every submission that is not withdrawn (not only reviewed and included ones)", withOriginals: "With an annex of the originals",
        forbidden: "You are signed in, but your role does not allow this.", notFound: "There is no such page or submission.",
        refused: "Refused; nothing was changed.",
        csrfRefused: "This form did not come from this desk or has expired. Reload the page and try again; nothing was changed.",
        tooLarge: "The upload is larger than the desk accepts; nothing was stored.", back: "Back to the status board",
        proofread: "Proofread", scannedPage: "The scanned page",
        scanNotAnImage: "This scan cannot be shown in a browser (TIFF): download it to compare it with the text.",
        textReadByOCR: "Text read by OCR", leastSureLines: "Lines OCR read under {bound} % confidence",
        noDoubtfulLine:
            "OCR read no line under {bound} % confidence (its least sure line: {least} %), so no line is marked; compare the whole text with the scan all the same.",
        breakInsideSentence:
            "A paragraph ends inside a sentence here: if the scan shows one paragraph, join the two in the text below and save the corrected transcription.",
        breaksHeading: "Paragraph breaks inside a sentence",
        confirmText: "Confirm the text as read",
        saveCorrected: "Save the corrected transcription",
        forTranslators: "For translators", downloadXLIFF2: "Download XLIFF 2.1", downloadXLIFF1: "Download XLIFF 1.2", xliffFile: "XLIFF file",
        returnXLIFF: "Return the translated XLIFF",
        search: "Search", searchText: "Text to find (case, accents, tashkeel and tatweel ignored)", noHits: "No submission contains this text.",
        verify: "Verify", verifyClean: "Every hash, derived file and history checked: no problem found.",
        verifyProblems: "Problems found (an officer runs `crp verify --repair` for those marked repairable):",
        repairHint: "repairable",
        amend: "Correct the registration", amendHint: "Change only what is wrong; the history keeps before and after.",
        revise: "Register a revised text", revisedFile: "Revised file", overview: "Overview report")
}
