import Foundation
import GoTemplate

/// Runs deeply recursive work (decoding or encoding documents nested thousands of levels deep,
/// which Go's growable stacks handle) on a thread with a large stack, so that callers on small
/// thread stacks cannot overflow. Shallow work runs inline.
enum DeepRecursion {
    /// Nesting depth above which work moves to a large-stack thread.
    static let inlineDepthLimit = 128

    static func run<T>(depth: Int, _ body: () throws -> T) throws -> T {
        if depth <= inlineDepthLimit { return try body() }
        return try withoutActuallyEscaping(body) { escapable in
            // The box drops the closure before the caller resumes, so it never outlives `body`.
            let box = Box(escapable)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                box.result = Result { try box.work!() }
                box.work = nil
                done.signal()
            }
            thread.stackSize = 256 << 20
            thread.start()
            done.wait()
            return try box.result!.get()
        }
    }

    private final class Box<T>: @unchecked Sendable {
        var work: (() throws -> T)?
        var result: Result<T, Error>?
        init(_ work: @escaping () throws -> T) { self.work = work }
    }

    /// Whether `value` nests maps and lists deeper than `limit` (checked without recursion).
    static func depthExceeds(_ value: TemplateValue, _ limit: Int) -> Bool {
        var stack: [(TemplateValue, Int)] = [(value, 0)]
        while let (current, depth) = stack.popLast() {
            if depth > limit { return true }
            switch current {
            case .list(let items): for item in items { stack.append((item, depth + 1)) }
            case .map(let map): for (_, item) in map { stack.append((item, depth + 1)) }
            default: break
            }
        }
        return false
    }
}
