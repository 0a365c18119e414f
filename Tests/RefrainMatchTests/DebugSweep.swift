import Testing
import Foundation
import RefrainMatch

@Test func debugCloughSweep() throws {
    guard ProcessInfo.processInfo.environment["REFRAIN_SWEEP"] != nil, Clough.available else { return }
    let (answers, sources) = try Clough.load()
    let base = Clough.bestScores(answers, sources)
    let order = answers.indices.sorted { base[$0] > base[$1] }
    for i in order { print(String(format: "%.3f", base[i]), answers[i].category, answers[i].file) }
    for (go, ge, mm) in [(0.4, 0.3, 0.6), (0.2, 0.2, 0.6), (0.1, 0.1, 0.3), (0.3, 0.1, 0.5), (0.2, 0.05, 0.3), (0.5, 0.05, 0.5), (0.1, 0.3, 1.0)] as [(Float, Float, Float)] {
        for (sw, fl) in [(0.2, 0.5), (0.1, 0.3), (0.3, 0.7), (0.05, 0.2)] as [(Float, Float)] {
            var o = FindOptions()
            o.alignment.gapOpen = go; o.alignment.gapExtend = ge; o.alignment.mismatch = mm
            o.weighting.stopwordWeight = sw; o.weighting.floor = fl
            let s = Clough.bestScores(answers, sources, options: o)
            let (a, b) = Clough.aucs(answers, s)
            print("go \(go) ge \(ge) mm \(mm) sw \(sw) fl \(fl): \(String(format: "%.4f %.4f", a, b))")
        }
    }
}
