/// A stemmer reduces a lower-cased word to its stem, in place, over UTF-8 bytes.
///
/// Stemming conflates inflected and derived forms ("sanctions", "sanctioned",
/// "sanctioning") onto one key ("sanction") so that shingles and n-grams built from
/// stems match across small wording changes. A stem is a matching key, not a word:
/// "generously" becomes "generous", "community" becomes "communiti".
///
/// Conformers work on bytes the tokenizer has already normalized (NFKC, lower-cased),
/// never allocate, and only ever shorten or rewrite the word inside its own bytes,
/// which lets a tokenizer stem each token directly in its scratch buffer.
/// ``EnglishStemmer`` is the one language provided today; another language is another
/// conforming type.
public protocol Stemmer: Sendable {
    /// Stems `word[0..<count]` in place and returns the new length (never longer than `count`).
    ///
    /// Bytes at and after the returned length are unspecified; bytes at and after `count`
    /// are never touched.
    ///
    /// - Parameters:
    ///   - word: The buffer holding the word's UTF-8 bytes at its start.
    ///   - count: How many bytes of `word` form the word; `0...word.count`.
    /// - Returns: The stem's length in bytes, `0...count`.
    func stem(_ word: UnsafeMutableBufferPointer<UInt8>, count: Int) -> Int
}

extension Stemmer {
    /// Returns the stem of `word`, for tests and cold paths.
    ///
    /// This copies the word into a temporary buffer and back into a new `String`;
    /// hot loops should call ``stem(_:count:)`` on bytes they already own.
    ///
    /// - Parameter word: A normalized, lower-cased word.
    /// - Returns: The stem, or `word` itself when the stemmer leaves it alone.
    public func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        let count = bytes.count
        let newCount = bytes.withUnsafeMutableBufferPointer { stem($0, count: count) }
        return String(decoding: bytes[0..<newCount], as: UTF8.self)
    }
}

/// The Snowball English stemmer ("Porter2"), as published at snowballstem.org in its
/// current (Snowball 3) revision.
///
/// Create one with `EnglishStemmer()`; it holds no state, so one value can be shared by
/// every thread. Each call runs in time linear in the word's length, allocates nothing
/// and writes only inside `word[0..<count]`.
///
/// The algorithm is defined over the letters `a`-`z` and the apostrophe. Input is
/// expected to be lower-cased, with apostrophes already folded to ASCII `'`.
/// Other ASCII bytes (digits, hyphens) count as non-vowels, exactly as in the reference
/// implementation. A word that contains any non-ASCII byte or an upper-case ASCII
/// letter is returned unchanged, as is any word shorter than three bytes.
///
/// Outline, for a word that is not one of the exceptional forms
/// ("skies" -> "sky", "news", "atlas", "idly", ...):
/// 1. Drop a leading apostrophe; mark a `y` that starts the word or follows a vowel as a
///    consonant (`Y`).
/// 2. Find R1 (the part after the first non-vowel that follows a vowel, or after one of
///    the prefixes "gener", "commun", "arsen", "past", "univers", "later", "emerg",
///    "organ", "inter") and R2 (the same rule applied again inside R1).
/// 3. Steps 0/1a: possessive `'s`, plurals (`sses`, `ies`, `s`); step 1b: `eed`, `ed`,
///    `ing`, `edly`, `ingly`, with the special cases "dying" -> "die" and
///    "inning", "outing", "canning", "herring", "earring", "evening", "proceed",
///    "exceed", "succeed" left alone; step 1c: final `y` -> `i`.
/// 4. Steps 2-4: derivational suffixes, each only inside R1 or R2; step 5: final `e` and
///    double `l`.
/// 5. Turn the `Y` marks back into `y`.
public struct EnglishStemmer: Stemmer {
    /// Creates an English stemmer. It is stateless and cheap to copy.
    public init() {}

    /// Stems `word[0..<count]` in place and returns the stem's length (never longer
    /// than `count`).
    ///
    /// - Precondition: `0 <= count <= word.count`.
    public func stem(_ word: UnsafeMutableBufferPointer<UInt8>, count: Int) -> Int {
        precondition(count >= 0 && count <= word.count, "count out of range")
        guard count > 0, let base = word.baseAddress else { return count }
        for i in 0..<count {
            let b = base[i]
            // Non-ASCII text is outside the algorithm; upper-case would collide with
            // the internal `Y` mark.
            if b >= 0x80 || (b >= _A && b <= _Z) { return count }
        }
        var w = _EnglishWord(base: base, length: count)
        if w.applyExceptionalForm() { return w.length }
        if count < 3 { return count }
        w.prelude()
        w.markRegions()
        w.step1a()
        w.step1b()
        w.step1c()
        w.step2()
        w.step3()
        w.step4()
        w.step5()
        w.postlude()
        return w.length
    }
}

// MARK: - Implementation

private let _A = UInt8(ascii: "A")
private let _Z = UInt8(ascii: "Z")
private let _a = UInt8(ascii: "a")
private let _b = UInt8(ascii: "b")
private let _c = UInt8(ascii: "c")
private let _d = UInt8(ascii: "d")
private let _e = UInt8(ascii: "e")
private let _f = UInt8(ascii: "f")
private let _g = UInt8(ascii: "g")
private let _h = UInt8(ascii: "h")
private let _i = UInt8(ascii: "i")
private let _k = UInt8(ascii: "k")
private let _l = UInt8(ascii: "l")
private let _m = UInt8(ascii: "m")
private let _n = UInt8(ascii: "n")
private let _o = UInt8(ascii: "o")
private let _p = UInt8(ascii: "p")
private let _r = UInt8(ascii: "r")
private let _s = UInt8(ascii: "s")
private let _t = UInt8(ascii: "t")
private let _u = UInt8(ascii: "u")
private let _w = UInt8(ascii: "w")
private let _x = UInt8(ascii: "x")
private let _y = UInt8(ascii: "y")
private let _Y = UInt8(ascii: "Y")
private let _apostrophe = UInt8(ascii: "'")

/// One word being stemmed: a view of the caller's bytes plus the Snowball state
/// (current length and the R1/R2 region starts). All edits replace a suffix with a
/// string no longer than itself, so the word never grows past its starting length.
private struct _EnglishWord {
    let base: UnsafeMutablePointer<UInt8>
    /// Current length of the word (Snowball's `limit`).
    var length: Int
    /// Start of region R1; `length` (or more) when R1 is empty.
    var p1: Int = 0
    /// Start of region R2; `length` (or more) when R2 is empty.
    var p2: Int = 0
    /// Whether the prelude marked any `y` as `Y`.
    var markedY = false

    init(base: UnsafeMutablePointer<UInt8>, length: Int) {
        self.base = base
        self.length = length
    }

    // MARK: Character classes

    /// The vowels of the algorithm: a e i o u y (a marked `Y` is a consonant).
    @inline(__always)
    static func isVowel(_ b: UInt8) -> Bool {
        switch b {
        case _a, _e, _i, _o, _u, _y: return true
        default: return false
        }
    }

    /// Letters that may precede a deleted `li` in step 2.
    @inline(__always)
    static func isValidLIEnding(_ b: UInt8) -> Bool {
        switch b {
        case _c, _d, _e, _g, _h, _k, _m, _n, _r, _t: return true
        default: return false
        }
    }

    // MARK: Byte helpers

    /// Whether `word[0..<end]` ends with `suffix`.
    @inline(__always)
    func ends(with suffix: StaticString, at end: Int) -> Bool {
        let k = suffix.utf8CodeUnitCount
        guard end >= k else { return false }
        let s = suffix.utf8Start
        let start = end - k
        for j in 0..<k where base[start + j] != s[j] {
            return false
        }
        return true
    }

    /// Whether the current word ends with `suffix`.
    @inline(__always)
    func ends(with suffix: StaticString) -> Bool {
        ends(with: suffix, at: length)
    }

    /// Whether the whole current word equals `word`.
    @inline(__always)
    func equals(_ word: StaticString) -> Bool {
        length == word.utf8CodeUnitCount && ends(with: word)
    }

    /// Replaces the last `suffixLength` bytes with `replacement`
    /// (which must not be longer than `suffixLength`).
    @inline(__always)
    mutating func replaceSuffix(_ suffixLength: Int, with replacement: StaticString) {
        let k = replacement.utf8CodeUnitCount
        assert(k <= suffixLength)
        let start = length - suffixLength
        let s = replacement.utf8Start
        for j in 0..<k { base[start + j] = s[j] }
        length = start + k
    }

    /// Whether `word[0..<end]` ends in a short syllable: a non-vowel other than w, x or
    /// `Y`, preceded by a vowel, preceded by a non-vowel; or a vowel at the start of the
    /// word followed by a non-vowel; or (Snowball 3) the letters "past".
    func endsInShortSyllable(at end: Int) -> Bool {
        if end >= 3 {
            let last = base[end - 1]
            if !Self.isVowel(last) && last != _w && last != _x && last != _Y
                && Self.isVowel(base[end - 2]) && !Self.isVowel(base[end - 3])
            {
                return true
            }
        }
        if end == 2 && Self.isVowel(base[0]) && !Self.isVowel(base[1]) {
            return true
        }
        return ends(with: "past", at: end)
    }

    /// Whether position `position` lies in R1.
    @inline(__always) func inR1(_ position: Int) -> Bool { p1 <= position }
    /// Whether position `position` lies in R2.
    @inline(__always) func inR2(_ position: Int) -> Bool { p2 <= position }

    // MARK: Exceptions, prelude, regions

    /// Handles the whole-word exceptional forms; returns `true` if the word was one.
    mutating func applyExceptionalForm() -> Bool {
        switch length {
        case 3:
            return equals("sky")
        case 4:
            if equals("skis") { replaceSuffix(1, with: ""); return true }  // ski
            if equals("idly") { replaceSuffix(1, with: ""); return true }  // idl
            if equals("ugly") { replaceSuffix(1, with: "i"); return true }  // ugli
            if equals("only") { replaceSuffix(1, with: "i"); return true }  // onli
            return equals("news") || equals("howe") || equals("bias")
        case 5:
            if equals("skies") { replaceSuffix(3, with: "y"); return true }  // sky
            if equals("early") { replaceSuffix(1, with: "i"); return true }  // earli
            return equals("atlas") || equals("andes")
        case 6:
            if equals("gently") { replaceSuffix(1, with: ""); return true }  // gentl
            if equals("singly") { replaceSuffix(1, with: ""); return true }  // singl
            return equals("cosmos")
        default:
            return false
        }
    }

    /// Drops one leading apostrophe and marks consonantal `y` as `Y`: at the start of the
    /// word, and after a vowel (scanning left to right, so "yyy" becomes "YyY").
    mutating func prelude() {
        if base[0] == _apostrophe {
            for j in 1..<length { base[j - 1] = base[j] }
            length -= 1
        }
        guard length > 0 else { return }
        if base[0] == _y {
            base[0] = _Y
            markedY = true
        }
        var j = 1
        while j < length {
            if base[j] == _y && Self.isVowel(base[j - 1]) {
                base[j] = _Y
                markedY = true
            }
            j += 1
        }
    }

    /// The position just past the first non-vowel that follows a vowel, scanning from
    /// `from`; `nil` if there is none.
    func endOfFirstVowelConsonant(from: Int) -> Int? {
        var j = from
        while j < length && !Self.isVowel(base[j]) { j += 1 }
        j += 1
        while j < length && Self.isVowel(base[j]) { j += 1 }
        return j < length ? j + 1 : nil
    }

    /// Sets R1 and R2. Words starting with one of a few prefixes get R1 right after the
    /// prefix, which keeps "generous"/"general", "university"/"universe", ... apart.
    mutating func markRegions() {
        p1 = length
        p2 = length
        let r1Start: Int
        if let prefix = regionPrefixLength() {
            r1Start = prefix
        } else if let start = endOfFirstVowelConsonant(from: 0) {
            r1Start = start
        } else {
            return
        }
        p1 = r1Start
        if let start = endOfFirstVowelConsonant(from: r1Start) { p2 = start }
    }

    /// The length of the special R1 prefix the word starts with, if any.
    func regionPrefixLength() -> Int? {
        func starts(with prefix: StaticString) -> Bool {
            let k = prefix.utf8CodeUnitCount
            guard length >= k else { return false }
            let s = prefix.utf8Start
            for j in 0..<k where base[j] != s[j] { return false }
            return true
        }
        switch base[0] {
        case _a: return starts(with: "arsen") ? 5 : nil
        case _c: return starts(with: "commun") ? 6 : nil
        case _e: return starts(with: "emerg") ? 5 : nil
        case _g: return starts(with: "gener") ? 5 : nil
        case _i: return starts(with: "inter") ? 5 : nil
        case _l: return starts(with: "later") ? 5 : nil
        case _o: return starts(with: "organ") ? 5 : nil
        case _p: return starts(with: "past") ? 4 : nil
        case _u: return starts(with: "univers") ? 7 : nil
        default: return nil
        }
    }

    // MARK: Steps

    /// Step 0 (possessives) and step 1a (plurals).
    mutating func step1a() {
        // Step 0: the longest of ' 's 's' at the end.
        if ends(with: "'s'") {
            length -= 3
        } else if ends(with: "'s") {
            length -= 2
        } else if ends(with: "'") {
            length -= 1
        }

        if ends(with: "sses") {
            replaceSuffix(4, with: "ss")
        } else if ends(with: "ied") || ends(with: "ies") {
            // "ties" -> "tie", "cries" -> "cri": keep the e after a single letter.
            replaceSuffix(3, with: length - 3 >= 2 ? "i" : "ie")
        } else if ends(with: "us") || ends(with: "ss") {
            return
        } else if ends(with: "s") {
            // Delete if a vowel occurs before the letter preceding the s ("gaps" -> "gap",
            // but "gas" and "this" stay).
            let limit = length - 2
            var j = 0
            while j < limit {
                if Self.isVowel(base[j]) {
                    length -= 1
                    return
                }
                j += 1
            }
        }
    }

    /// Step 1b: eed, eedly, ed, edly, ing, ingly (the longest that matches).
    mutating func step1b() {
        if ends(with: "eedly") {
            replaceEed(suffixLength: 5)
        } else if ends(with: "eed") {
            replaceEed(suffixLength: 3)
        } else if ends(with: "ingly") {
            removeInflection(5)
        } else if ends(with: "edly") {
            removeInflection(4)
        } else if ends(with: "ing") {
            if !applyIngException() { removeInflection(3) }
        } else if ends(with: "ed") {
            removeInflection(2)
        }
    }

    /// eed and eedly become ee in R1; "proceed", "exceed" and "succeed" (and their -ly
    /// forms) are left alone.
    mutating func replaceEed(suffixLength: Int) {
        let stemEnd = length - suffixLength
        if (stemEnd == 4 && (ends(with: "proc", at: stemEnd) || ends(with: "succ", at: stemEnd)))
            || (stemEnd == 3 && ends(with: "exc", at: stemEnd))
        {
            return
        }
        if inR1(stemEnd) {
            replaceSuffix(suffixLength, with: "ee")
        }
    }

    /// The whole-word special cases of -ing; returns `true` if the word was one.
    mutating func applyIngException() -> Bool {
        let stemEnd = length - 3
        switch stemEnd {
        case 2:
            // A consonant + y + ing: "dying" -> "die", "lying" -> "lie", "vying" -> "vie".
            guard base[1] == _y && !Self.isVowel(base[0]) else { return false }
            replaceSuffix(4, with: "ie")
            return true
        case 3:
            // "inning", "outing" stay.
            return ends(with: "inn", at: stemEnd) || ends(with: "out", at: stemEnd)
        case 4:
            // "canning", "herring", "earring", "evening" stay.
            return ends(with: "cann", at: stemEnd) || ends(with: "herr", at: stemEnd)
                || ends(with: "earr", at: stemEnd) || ends(with: "even", at: stemEnd)
        default:
            return false
        }
    }

    /// The ed/edly/ing/ingly branch of step 1b: delete the suffix if the part before it
    /// contains a vowel, then tidy the new ending.
    mutating func removeInflection(_ suffixLength: Int) {
        let stemEnd = length - suffixLength
        var hasVowel = false
        for j in 0..<stemEnd where Self.isVowel(base[j]) {
            hasVowel = true
            break
        }
        guard hasVowel else { return }
        length = stemEnd

        if ends(with: "at") || ends(with: "bl") || ends(with: "iz") {
            // "luxuriated" -> "luxuriate", "troubled" -> "trouble".
            base[length] = _e
            length += 1
            return
        }
        if length >= 2 && base[length - 1] == base[length - 2] {
            switch base[length - 1] {
            case _b, _d, _f, _g, _m, _n, _p, _r, _t:
                // "hopping" -> "hop"; but a three-letter stem that starts with a, e or o
                // keeps its double: "added" -> "add", "egged" -> "egg", "ebbing" -> "ebb".
                if length == 3 {
                    let first = base[0]
                    if first == _a || first == _e || first == _o { return }
                }
                length -= 1
                return
            default:
                break
            }
        }
        if length == p1 && endsInShortSyllable(at: length) {
            // A short word: "hoped" -> "hope".
            base[length] = _e
            length += 1
        }
    }

    /// Step 1c: a final y or Y after a non-vowel that is not the first letter becomes i.
    mutating func step1c() {
        guard length >= 3 else { return }
        let last = base[length - 1]
        guard last == _y || last == _Y else { return }
        if !Self.isVowel(base[length - 2]) {
            base[length - 1] = _i
        }
    }

    /// Step 2: derivational suffixes in R1.
    mutating func step2() {
        guard length >= 2 else { return }
        var suffixLength = 0
        var replacement: StaticString = ""
        // Special rules that need a check on the letter before the suffix.
        var needsL = false
        var needsValidLI = false

        switch base[length - 2] {
        case _a:
            if ends(with: "ational") {
                suffixLength = 7; replacement = "ate"
            } else if ends(with: "tional") {
                suffixLength = 6; replacement = "tion"
            }
        case _c:
            if ends(with: "enci") {
                suffixLength = 4; replacement = "ence"
            } else if ends(with: "anci") {
                suffixLength = 4; replacement = "ance"
            }
        case _e:
            if ends(with: "izer") {
                suffixLength = 4; replacement = "ize"
            }
        case _g:
            if ends(with: "ogi") {
                suffixLength = 3; replacement = "og"; needsL = true
            }
        case _l:
            if ends(with: "lessli") {
                suffixLength = 6; replacement = "less"
            } else if ends(with: "fulli") {
                suffixLength = 5; replacement = "ful"
            } else if ends(with: "ousli") {
                suffixLength = 5; replacement = "ous"
            } else if ends(with: "entli") {
                suffixLength = 5; replacement = "ent"
            } else if ends(with: "abli") {
                suffixLength = 4; replacement = "able"
            } else if ends(with: "alli") {
                suffixLength = 4; replacement = "al"
            } else if ends(with: "bli") {
                suffixLength = 3; replacement = "ble"
            } else if ends(with: "li") {
                suffixLength = 2; replacement = ""; needsValidLI = true
            }
        case _o:
            if ends(with: "ization") {
                suffixLength = 7; replacement = "ize"
            } else if ends(with: "ation") {
                suffixLength = 5; replacement = "ate"
            } else if ends(with: "ator") {
                suffixLength = 4; replacement = "ate"
            }
        case _s:
            if ends(with: "iveness") {
                suffixLength = 7; replacement = "ive"
            } else if ends(with: "fulness") {
                suffixLength = 7; replacement = "ful"
            } else if ends(with: "ousness") {
                suffixLength = 7; replacement = "ous"
            } else if ends(with: "alism") {
                suffixLength = 5; replacement = "al"
            } else if ends(with: "ogist") {
                suffixLength = 5; replacement = "og"
            }
        case _t:
            if ends(with: "biliti") {
                suffixLength = 6; replacement = "ble"
            } else if ends(with: "aliti") {
                suffixLength = 5; replacement = "al"
            } else if ends(with: "iviti") {
                suffixLength = 5; replacement = "ive"
            }
        default:
            break
        }
        guard suffixLength > 0 else { return }
        let start = length - suffixLength
        guard inR1(start) else { return }
        if needsL && !(start >= 1 && base[start - 1] == _l) { return }
        if needsValidLI && !(start >= 1 && Self.isValidLIEnding(base[start - 1])) { return }
        replaceSuffix(suffixLength, with: replacement)
    }

    /// Step 3: more derivational suffixes in R1 (`ative` in R2).
    mutating func step3() {
        guard length >= 3 else { return }
        var suffixLength = 0
        var replacement: StaticString = ""
        var needsR2 = false
        switch base[length - 1] {
        case _l:
            if ends(with: "ational") {
                suffixLength = 7; replacement = "ate"
            } else if ends(with: "tional") {
                suffixLength = 6; replacement = "tion"
            } else if ends(with: "ical") {
                suffixLength = 4; replacement = "ic"
            } else if ends(with: "ful") {
                suffixLength = 3; replacement = ""
            }
        case _e:
            if ends(with: "icate") {
                suffixLength = 5; replacement = "ic"
            } else if ends(with: "ative") {
                suffixLength = 5; replacement = ""; needsR2 = true
            } else if ends(with: "alize") {
                suffixLength = 5; replacement = "al"
            }
        case _i:
            if ends(with: "iciti") {
                suffixLength = 5; replacement = "ic"
            }
        case _s:
            if ends(with: "ness") {
                suffixLength = 4; replacement = ""
            }
        default:
            break
        }
        guard suffixLength > 0 else { return }
        let start = length - suffixLength
        guard inR1(start), !needsR2 || inR2(start) else { return }
        replaceSuffix(suffixLength, with: replacement)
    }

    /// Step 4: residual suffixes, deleted when in R2.
    mutating func step4() {
        guard length >= 2 else { return }
        var suffixLength = 0
        var isIon = false
        switch base[length - 1] {
        case _l:
            if ends(with: "al") { suffixLength = 2 }
        case _e:
            if ends(with: "ance") || ends(with: "ence") || ends(with: "able") || ends(with: "ible") {
                suffixLength = 4
            } else if ends(with: "ate") || ends(with: "ive") || ends(with: "ize") {
                suffixLength = 3
            }
        case _r:
            if ends(with: "er") { suffixLength = 2 }
        case _c:
            if ends(with: "ic") { suffixLength = 2 }
        case _t:
            if ends(with: "ement") {
                suffixLength = 5
            } else if ends(with: "ment") {
                suffixLength = 4
            } else if ends(with: "ant") || ends(with: "ent") {
                suffixLength = 3
            }
        case _m:
            if ends(with: "ism") { suffixLength = 3 }
        case _i:
            if ends(with: "iti") { suffixLength = 3 }
        case _s:
            if ends(with: "ous") { suffixLength = 3 }
        case _n:
            if ends(with: "ion") { suffixLength = 3; isIon = true }
        default:
            break
        }
        guard suffixLength > 0 else { return }
        let start = length - suffixLength
        guard inR2(start) else { return }
        if isIon {
            guard start >= 1, base[start - 1] == _s || base[start - 1] == _t else { return }
        }
        length = start
    }

    /// Step 5: a final e (in R2, or in R1 unless it ends a short syllable) and the
    /// second l of a final ll in R2.
    mutating func step5() {
        guard length >= 1 else { return }
        let start = length - 1
        switch base[start] {
        case _e:
            if inR2(start) || (inR1(start) && !endsInShortSyllable(at: start)) {
                length = start
            }
        case _l:
            if inR2(start) && start >= 1 && base[start - 1] == _l {
                length = start
            }
        default:
            break
        }
    }

    /// Turns the prelude's `Y` marks back into `y`.
    mutating func postlude() {
        guard markedY else { return }
        for j in 0..<length where base[j] == _Y {
            base[j] = _y
        }
    }
}
