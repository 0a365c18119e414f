import Foundation
import RefrainText
import RefrainParallel
import RefrainSketch

/// What a dedupe run compares: whole documents or their paragraphs.
public enum DedupeLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// Each document is one unit; its byte range is the whole text. The default.
    case document
    /// Each paragraph (``Paragraphs/ranges(in:mode:)``) is one unit, matched across and within documents.
    case paragraph
}

/// Which member of a cluster is its representative (the one `--write-deduped` keeps).
public enum KeepRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Earliest `date` (documents without a date come last), then longest, then smallest id. The default.
    case earliest
    /// The unit read first (smallest document ordinal, then smallest byte offset).
    case first
    /// The longest unit in bytes, then earliest date, then smallest id.
    case longest
}

/// How candidate pairs are confirmed.
public enum VerifyMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Exact Jaccard (and containment) of the shingle sets, compared as sorted sets of 32-bit
    /// fingerprints of the shingle hashes. The default: every reported pair meets the threshold,
    /// up to fingerprint collisions (expected `|A|·|B| / 2³²` spurious shared shingles for sets
    /// `A`, `B`; see ``ShingleStore``).
    case exact
    /// The MinHash estimate, from the signatures alone (no shingle sets are kept, unless
    /// containment needs them). Faster, approximate.
    case estimate
}

/// Configuration of a dedupe run. Every property has a documented default, so
/// `DedupeOptions()` is the `refrain dedupe` default.
public struct DedupeOptions: Sendable, Hashable {
    /// Similarity a pair must reach (Jaccard, or containment where enabled). Default 0.8.
    public var threshold: Double = 0.8
    /// Tokens (or scalars) per shingle, `k`. Default 5.
    ///
    /// A unit with at least one but fewer than `k` tokens has exactly one shingle, the hash of all
    /// its tokens: it can only match a unit with the same short token sequence. A unit with no
    /// tokens has no shingles; it is counted as empty and never matches (it stays in the output).
    public var shingleSize: Int = 5
    /// What shingles are made of. Default ``ShingleKind/words``.
    public var shingleKind: ShingleKind = .words
    /// MinHash signature length. Default 128.
    public var permutations: Int = 128
    /// How MinHash values are computed. Default ``MinHashScheme/onePermutation``.
    public var scheme: MinHashScheme = .onePermutation
    /// Seed of every hash function (shingles, MinHash, band keys). Default 0x5EED.
    public var seed: UInt64 = 0x5EED
    /// LSH bands; `nil` (default) chooses bands and rows with ``LSHParameters/optimal(threshold:permutations:falsePositiveWeight:falseNegativeWeight:)``.
    public var bands: Int? = nil
    /// LSH rows per band; `nil` (default) chooses them with the bands.
    public var rows: Int? = nil
    /// Weight of the false-positive probability in the LSH optimisation. Default 0.02.
    ///
    /// Candidates are verified, so a false positive costs only a set comparison while a false
    /// negative is a missed duplicate: the defaults weigh misses 49 times more (datasketch's 0.5/0.5
    /// gives bands 9 × rows 13 at threshold 0.8, which finds only 69% of pairs with Jaccard 0.85).
    public var falsePositiveWeight: Double = 0.02
    /// Weight of the false-negative probability in the LSH optimisation. Default 0.98.
    public var falseNegativeWeight: Double = 0.98
    /// Units compared. Default ``DedupeLevel/document``.
    public var level: DedupeLevel = .document
    /// How paragraphs are delimited at paragraph level. Default ``ParagraphMode/blankLines``.
    public var paragraphMode: ParagraphMode = .blankLines
    /// Also match by containment (share of the smaller unit's shingles found in the larger).
    /// `nil` (default) means on at paragraph level, off at document level.
    public var containment: Bool? = nil
    /// Smallest shingle count of the smaller unit for a containment match (a two-word paragraph
    /// is contained in too many others to mean anything). Default 5.
    public var minContainmentShingles: Int = 5
    /// How candidates are confirmed. Default ``VerifyMode/exact``.
    public var verify: VerifyMode = .exact
    /// Representative rule. Default ``KeepRule/earliest``.
    public var keep: KeepRule = .earliest
    /// Detect boilerplate lines (site chrome) and keep them out of matching. Default false.
    ///
    /// Lines are compared trimmed, whitespace collapsed, ASCII lower-cased, and counted per source
    /// (the `source` field, else the input the document was read from: ``BoilerplateScope``),
    /// identical documents once. A *content line* has ``boilerplateContentWords`` words and ends a
    /// sentence; a document's *own content* is its content lines no other document of its source
    /// has, and its *frame* is what lies before the first of them and after the last. A line is
    /// boilerplate when one document repeats it ``boilerplateMinRepeats`` times, when
    /// ``boilerplateMinDocuments`` documents hold it (ten times as many for a content line), or
    /// when two or more documents hold it in their frame and none inside its own content (a
    /// sign-up line after two articles is chrome; a paragraph two articles share is surrounded by
    /// their own paragraphs and stays). *Near copies*, documents whose shared content lines
    /// outweigh their own, give no frame evidence and lose only in-document repeats. See
    /// ``BoilerplateRule`` and `Boilerplate.swift`. Three passes over the corpus instead of one.
    public var boilerplate: Bool = false
    /// Boilerplate: a line held by at least this many documents of one source is boilerplate
    /// wherever it stands, near copies aside (a content line needs ten times as many). Default 3;
    /// at least 2.
    public var boilerplateMinDocuments: Int = 3
    /// Boilerplate: a line one document holds this many times (site chrome such as a repeated
    /// "Subscribe") is boilerplate everywhere in its source. Default 3; 0 disables this rule.
    public var boilerplateMinRepeats: Int = 3
    /// Boilerplate: the fewest words of a content line (one that also ends a sentence). Default 6.
    public var boilerplateContentWords: Int = 6
    /// Worker threads; `nil` (default) uses every active processor. Results do not depend on it.
    public var threads: Int? = nil
    /// LSH buckets with more units than this pair each unit only with the next `maxBucketPairs`
    /// units of the bucket (a guard against quadratic blow-up on huge near-duplicate families;
    /// clusters stay connected). Default 256.
    public var maxBucketPairs: Int = 256
    /// Most pairs listed in the result (the count is always complete). Identical units expand to
    /// all their pairs, which grows quadratically with the size of a group. Default 1,000,000.
    public var maxPairs: Int = 1_000_000
    /// Characters of unit text shown as a member's excerpt (and, at document level, the extent of
    /// its exact ``ClusterMember/text``). Default 80.
    public var excerptCharacters: Int = 80
    /// Shingle records held in memory before spilling to a file. Default 32 MiB.
    public var shingleMemoryBudget: Int = 32 << 20
    /// Tokenizer settings. Default `TokenizerOptions()`.
    public var tokenizer: TokenizerOptions = TokenizerOptions()

    /// The defaults above.
    public init() {}

    /// Whether containment matching is on for this run.
    public var containmentEnabled: Bool { containment ?? (level == .paragraph) }

    /// The number of worker threads to use.
    public var resolvedThreads: Int { threads ?? Parallel.allCores }

    /// Checks the options, naming the first bad one.
    public func validate() throws(DedupeError) {
        guard threshold > 0, threshold <= 1 else { throw .invalidOption("threshold must be in (0, 1], got \(threshold)") }
        guard shingleSize >= 1, shingleSize <= 64 else { throw .invalidOption("shingle size must be in 1...64, got \(shingleSize)") }
        guard permutations >= 8, permutations <= 1024, permutations % 8 == 0 else {
            throw .invalidOption("permutations must be a multiple of 8 in 8...1024, got \(permutations)")
        }
        if (bands == nil) != (rows == nil) { throw .invalidOption("give both bands and rows, or neither") }
        if let b = bands, let r = rows {
            guard b >= 1, r >= 1, b * r <= permutations else {
                throw .invalidOption("bands × rows must be at most permutations (\(permutations)), got \(b) × \(r)")
            }
        }
        guard falsePositiveWeight >= 0, falseNegativeWeight >= 0, falsePositiveWeight + falseNegativeWeight > 0 else {
            throw .invalidOption("LSH weights must be non-negative and not both zero")
        }
        guard minContainmentShingles >= 1 else { throw .invalidOption("minimum containment shingles must be at least 1") }
        guard boilerplateMinDocuments >= 2 else { throw .invalidOption("boilerplate minimum documents must be at least 2") }
        guard boilerplateMinRepeats >= 0 else { throw .invalidOption("boilerplate minimum repeats must be at least 0") }
        guard boilerplateContentWords >= 1 else { throw .invalidOption("boilerplate content words must be at least 1") }
        guard maxPairs >= 0 else { throw .invalidOption("max pairs must be at least 0") }
        guard maxBucketPairs >= 1 else { throw .invalidOption("max bucket pairs must be at least 1") }
        if let t = threads, t < 1 { throw .invalidOption("threads must be at least 1, got \(t)") }
    }
}

/// An error of a dedupe run.
public enum DedupeError: Error, CustomStringConvertible, Sendable, Hashable {
    /// An option is out of range or inconsistent.
    case invalidOption(String)
    /// A work-directory file is missing, damaged or from another run.
    case workFile(path: String, reason: String)
    /// Writing a work or spill file failed.
    case writeFailed(path: String, reason: String)

    /// A one-line message.
    public var description: String {
        switch self {
        case .invalidOption(let message): return "invalid option: \(message)"
        case .workFile(let path, let reason): return "\(path): bad work file: \(reason)"
        case .writeFailed(let path, let reason): return "\(path): cannot write: \(reason)"
        }
    }
}
