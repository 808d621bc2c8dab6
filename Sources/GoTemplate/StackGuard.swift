#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps deep recursion (nested templates, nested `include`s, deeply nested parse trees) from
/// overflowing the stack: when the current thread's stack runs low, the rest of the work continues
/// synchronously on a fresh thread with a large stack.
enum StackGuard {
    /// Remaining stack below which work moves to a fresh thread.
    static let reserve = 256 * 1024
    /// Stack size of the threads recursion continues on.
    static let freshStackSize = 64 << 20

    private final class Bounds {
        let low: UInt
        init(low: UInt) { self.low = low }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            if let raw { Unmanaged<AnyObject>.fromOpaque(raw).release() }
        }
        return key
    }()

    /// The lowest usable address of the current thread's stack (cached per thread).
    private static func stackLow() -> UInt {
        if let raw = pthread_getspecific(key) {
            return Unmanaged<Bounds>.fromOpaque(raw).takeUnretainedValue().low
        }
        var low: UInt = 0
        #if canImport(Glibc)
        var attributes = pthread_attr_t()
        if c_pthread_getattr_np(pthread_self(), &attributes) == 0 {
            var address: UnsafeMutableRawPointer?
            var size = 0
            if pthread_attr_getstack(&attributes, &address, &size) == 0, let address {
                low = UInt(bitPattern: address) + 64 * 1024  // guard pages and slack
            }
            pthread_attr_destroy(&attributes)
        }
        #else
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        low = top - UInt(pthread_get_stacksize_np(pthread_self())) + 64 * 1024
        #endif
        let bounds = Bounds(low: low)
        pthread_setspecific(key, Unmanaged.passRetained(bounds).toOpaque())
        return low
    }

    /// Bytes of stack left on the current thread (approximately).
    @inline(never)
    static func remaining() -> Int {
        var marker: UInt8 = 0
        let sp = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        let low = stackLow()
        if low == 0 { return Int.max }
        return sp > low ? Int(sp - low) : 0
    }

    /// Runs `body` here, or on a fresh large-stack thread when this one's stack is low.
    @inline(__always)
    static func run<T>(_ body: () throws -> T) throws -> T {
        if remaining() > reserve { return try body() }
        return try onFreshStack(body)
    }

    fileprivate final class Job<T> {
        var result: Result<T, Error>?
        let body: () throws -> T
        init(_ body: @escaping () throws -> T) { self.body = body }
    }

    /// Runs `body` synchronously on a new thread with a large stack.
    static func onFreshStack<T>(_ body: () throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { escapable in
            let job = Job(escapable)
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            pthread_attr_setstacksize(&attributes, freshStackSize)
            defer { pthread_attr_destroy(&attributes) }
            let context = Unmanaged.passRetained(job as AnyObject).toOpaque()
            #if canImport(Glibc)
            var thread = pthread_t()
            #else
            var thread: pthread_t? = nil
            #endif
            let rc = pthread_create(&thread, &attributes, { raw in
                #if canImport(Glibc)
                let object = Unmanaged<AnyObject>.fromOpaque(raw!).takeRetainedValue()
                #else
                let object = Unmanaged<AnyObject>.fromOpaque(raw).takeRetainedValue()
                #endif
                (object as! Runnable).runJob()
                return nil
            }, context)
            if rc != 0 {
                Unmanaged<AnyObject>.fromOpaque(context).release()
                return try escapable()
            }
            #if canImport(Glibc)
            pthread_join(thread, nil)
            #else
            pthread_join(thread!, nil)
            #endif
            return try job.result!.get()
        }
    }
}

#if canImport(Glibc)
@_silgen_name("pthread_getattr_np")
private func c_pthread_getattr_np(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#endif

private protocol Runnable: AnyObject { func runJob() }

extension StackGuard.Job: Runnable {
    func runJob() {
        do { result = .success(try body()) } catch { result = .failure(error) }
    }
}
