/// Parameters of the local alignment, in units of term weight (a rare content word weighs 1).
public struct AlignmentOptions: Sendable, Hashable, Codable {
    /// Cost of opening a gap (a run of inserted or deleted tokens). Default 0.1.
    public var gapOpen: Float = 0.1
    /// Cost per skipped token, times that token's weight: skipping "of" costs little, skipping
    /// "casualties" more. Default 0.05: reworded and reordered text (a paraphrase) still
    /// chains into one alignment, while a lone shared word 20 tokens away does not pay for its gap.
    public var gapExtend: Float = 0.05
    /// Cost of aligning two different tokens, times their mean weight. Default 0.2.
    public var mismatch: Float = 0.2
    /// Largest matrix (query tokens × window tokens) aligned in one piece; longer windows are
    /// cut into overlapping pieces. Default 4,000,000 cells (4 MB of traceback).
    public var maxCells: Int = 4_000_000

    /// The defaults.
    public init() {}
}

/// One step of an alignment.
public enum AlignmentStep: UInt8, Sendable, Codable {
    /// Query token and text token are the same term.
    case match
    /// Different terms aligned to each other.
    case substitution
    /// A text token with no query counterpart.
    case insertion
    /// A query token missing from the text.
    case deletion
}

/// A local alignment between a query and a stretch of a target term sequence.
public struct Alignment: Sendable, Hashable {
    /// The raw score: matched weight minus gap and mismatch costs.
    public var score: Float
    /// Aligned query tokens (indices into the query sequence).
    public var queryRange: Range<Int>
    /// Aligned target tokens (indices into the target sequence).
    public var targetRange: Range<Int>
    /// The steps, in order: each with its query index (or -1) and target index (or -1).
    public var steps: [(step: AlignmentStep, query: Int32, target: Int32)]

    /// Total weight of the matched tokens.
    public var matchedWeight: Float

    /// Creates an alignment.
    public init(score: Float, queryRange: Range<Int>, targetRange: Range<Int>, steps: [(step: AlignmentStep, query: Int32, target: Int32)], matchedWeight: Float) {
        self.score = score
        self.queryRange = queryRange
        self.targetRange = targetRange
        self.steps = steps
        self.matchedWeight = matchedWeight
    }

    /// The matched pairs (query index, target index).
    public var matches: [(query: Int, target: Int)] {
        steps.compactMap { $0.step == .match ? (Int($0.query), Int($0.target)) : nil }
    }

    /// Equal score, spans and steps.
    public static func == (a: Alignment, b: Alignment) -> Bool {
        a.score == b.score && a.queryRange == b.queryRange && a.targetRange == b.targetRange &&
            a.steps.count == b.steps.count && zip(a.steps, b.steps).allSatisfy { $0.step == $1.step && $0.query == $1.query && $0.target == $1.target }
    }

    /// Hashes the score and spans.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(score)
        hasher.combine(queryRange)
        hasher.combine(targetRange)
    }
}

/// Smith–Waterman local alignment over term sequences with affine, weight-scaled gaps.
///
/// A match scores the term's weight; a mismatch costs `mismatch` times the mean weight of the
/// two terms; a gap costs `gapOpen` plus `gapExtend` times the weight of each skipped token, so
/// "another bit of fake news" aligns to "yet another fake news story" by skipping the cheap
/// "bit of". The best-scoring cell is traced back to give the aligned spans and steps.
///
/// Cost: O(m·n) time for m query and n target tokens, O(m·n) bytes of traceback. Reuses its
/// buffers: one aligner per thread.
public final class LocalAligner {
    /// The options in use.
    public let options: AlignmentOptions
    private var h: [Float] = []
    private var e: [Float] = []
    private var trace: [UInt8] = []

    /// An aligner with `options`.
    public init(options: AlignmentOptions = AlignmentOptions()) {
        self.options = options
    }

    /// The best local alignment of `query` (terms with weights) against `target[window]`, or
    /// `nil` when nothing aligns with a positive score. `targetWeights` are per target token.
    /// Target terms equal to `masked` never match (used to find further alignments). With
    /// `barriers`, a query or target token equal to `masked` is also a wall no alignment crosses,
    /// so further alignments are disjoint from earlier ones on both sides (used to chain them).
    public func align(
        query: UnsafeBufferPointer<UInt64>, queryWeights: UnsafeBufferPointer<Float>,
        target: UnsafeBufferPointer<UInt64>, targetWeights: UnsafeBufferPointer<Float>,
        window: Range<Int>, masked: UInt64 = 0, barriers: Bool = false
    ) -> Alignment? {
        let m = query.count
        let n = window.count
        guard m > 0, n > 0 else { return nil }
        let cols = n + 1
        let o = options.gapOpen, x = options.gapExtend, mu = options.mismatch * 0.5
        if h.count < cols { h = [Float](repeating: 0, count: cols); e = [Float](repeating: 0, count: cols) }
        let cells = (m + 1) * cols
        if trace.count < cells { trace = [UInt8](repeating: 0, count: cells) }
        var best: Float = 0
        var bi = 0, bj = 0
        h.withUnsafeMutableBufferPointer { H in
            e.withUnsafeMutableBufferPointer { E in
                trace.withUnsafeMutableBufferPointer { T in
                    for j in 0..<cols { H[j] = 0; E[j] = -.infinity; T[j] = 0 }
                    for i in 1...m {
                        let qi = query[i - 1]
                        let wq = queryWeights[i - 1]
                        var diag: Float = 0       // H[i-1][j-1]
                        var hLeft: Float = 0      // H[i][j-1]
                        var eRow: Float = -.infinity // gap along the row: target tokens skipped
                        let rowBase = i * cols
                        T[rowBase] = 0
                        if barriers && qi == masked {
                            // A wall row: every path through it restarts.
                            for j in 1...cols - 1 { H[j] = 0; E[j] = -.infinity; T[rowBase + j] = 0 }
                            continue
                        }
                        for j in 1...cols - 1 {
                            let tj = target[window.lowerBound + j - 1]
                            let wt = targetWeights[window.lowerBound + j - 1]
                            let up = H[j]          // H[i-1][j]
                            if barriers && tj == masked {
                                // A wall column.
                                T[rowBase + j] = 0
                                E[j] = -.infinity
                                eRow = -.infinity
                                diag = up
                                H[j] = 0
                                hLeft = 0
                                continue
                            }
                            // Vertical gap (query token skipped), kept in E[j].
                            let vOpen = up - o - x * wq
                            let vExt = E[j] - x * wq
                            var code: UInt8 = 0
                            let vBest: Float
                            if vExt > vOpen { vBest = vExt; code |= 8 } else { vBest = vOpen }
                            E[j] = vBest
                            // Horizontal gap (target token skipped).
                            let hOpen = hLeft - o - x * wt
                            let hExt = eRow - x * wt
                            let hBest: Float
                            if hExt > hOpen { hBest = hExt; code |= 4 } else { hBest = hOpen }
                            eRow = hBest
                            let d: Float = (tj == qi && tj != masked) ? diag + wq : diag - mu * (wq + wt)
                            var cell: Float = 0
                            if d > cell { cell = d; code = (code & 0xC) | 1 }
                            if hBest > cell { cell = hBest; code = (code & 0xC) | 2 }
                            if vBest > cell { cell = vBest; code = (code & 0xC) | 3 }
                            if (code & 3) == 1 && !(tj == qi && tj != masked) { code |= 16 }
                            T[rowBase + j] = code
                            diag = up
                            H[j] = cell
                            hLeft = cell
                            if cell > best && (code & 3) == 1 && (code & 16) == 0 { best = cell; bi = i; bj = j }
                        }
                    }
                }
            }
        }
        guard best > 0 else { return nil }
        // Trace back from the best cell (which always ends on a match).
        var steps: [(step: AlignmentStep, query: Int32, target: Int32)] = []
        var i = bi, j = bj
        var state = 0   // 0: H, 1: horizontal gap, 2: vertical gap
        var matched: Float = 0
        var firstI = bi, firstJ = bj
        trace.withUnsafeBufferPointer { T in
            while i > 0 && j > 0 {
                let code = T[i * cols + j]
                if state == 0 {
                    let src = code & 3
                    if src == 0 { break }
                    if src == 1 {
                        let isMatch = (code & 16) == 0
                        steps.append((isMatch ? .match : .substitution, Int32(i - 1), Int32(window.lowerBound + j - 1)))
                        if isMatch { matched += queryWeights[i - 1] }
                        firstI = i; firstJ = j
                        i -= 1; j -= 1
                        continue
                    }
                    state = src == 2 ? 1 : 2
                    continue
                }
                if state == 1 {
                    steps.append((.insertion, -1, Int32(window.lowerBound + j - 1)))
                    let extended = (code & 4) != 0
                    j -= 1
                    if !extended { state = 0 }
                } else {
                    steps.append((.deletion, Int32(i - 1), -1))
                    let extended = (code & 8) != 0
                    i -= 1
                    if !extended { state = 0 }
                }
            }
        }
        steps.reverse()
        // Trim leading non-matches (a local alignment starts on a match).
        while let s = steps.first, s.step != .match { steps.removeFirst() }
        if let s = steps.first { firstI = Int(s.query) + 1; firstJ = Int(s.target) - window.lowerBound + 1 }
        return Alignment(score: best, queryRange: (firstI - 1)..<bi, targetRange: (window.lowerBound + firstJ - 1)..<(window.lowerBound + bj),
                         steps: steps, matchedWeight: matched)
    }
}
