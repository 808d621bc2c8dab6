import NIOConcurrencyHelpers
import NIOCore

/// Closes a connection whose peer has sent nothing for `timeout` while the reader was waiting for bytes,
/// marking the exchange as timed out (the reader gets `HTTPExchangeError.timeout`, not a bare close).
/// It watches once armed (`StallWatch.Arm` sent as an outbound user event, when the response head has
/// arrived): the wait for the head has its own deadline.
///
/// Only time spent *waiting* counts: a socket read is asked for (an outbound `read`) and nothing has
/// arrived since. While the consumer applies back-pressure (a slow client downstream, no read asked for),
/// the clock does not run, so a slow consumer never makes a healthy peer look stalled — unlike NIO's
/// `IdleStateHandler`, which measures time since the last read whatever the reason.
final class StallWatch: ChannelDuplexHandler {
    typealias InboundIn = NIOAny
    typealias InboundOut = NIOAny
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    /// The outbound user event that starts the watch.
    struct Arm: Sendable {}

    private let timeout: TimeAmount
    private let timedOut: NIOLockedValueBox<Bool>
    private var armed = false
    /// When the pending read was asked for; nil when no read is pending.
    private var waitingSince: NIODeadline?
    private var check: Scheduled<Void>?

    init(timeout: TimeAmount, timedOut: NIOLockedValueBox<Bool>) {
        self.timeout = timeout
        self.timedOut = timedOut
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
        context.fireChannelInactive()
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is Arm else { return context.triggerUserOutboundEvent(event, promise: promise) }
        armed = true
        if waitingSince != nil {
            // A read asked for before the head arrived counts from now.
            waitingSince = .now()
            schedule(context, at: waitingSince! + timeout)
        }
        promise?.succeed()
    }

    func read(context: ChannelHandlerContext) {
        if waitingSince == nil {
            waitingSince = .now()
            if armed { schedule(context, at: waitingSince! + timeout) }
        }
        context.read()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        waitingSince = nil
        context.fireChannelRead(data)
    }

    private func schedule(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        guard check == nil else { return }
        let loop = context.eventLoop.assumeIsolatedUnsafeUnchecked()
        check = loop.scheduleTask(deadline: deadline) { [self] in
            check = nil
            guard context.channel.isActive, let since = waitingSince else { return }
            if NIODeadline.now() - since >= timeout {
                timedOut.withLockedValue { $0 = true }
                context.close(promise: nil)
            } else {
                schedule(context, at: since + timeout)
            }
        }
    }
}
