import DialPlan
import Dispatch
import Synchronization

/// `Snapshot.requireUniqueKeys()` on another thread: started when made, its error (if any)
/// given by `wait()`.
final class KeyCheck: Sendable {
    private let done = DispatchGroup()
    private let error = Mutex<SnapshotError?>(nil)

    init(_ snapshot: Snapshot) {
        DispatchQueue.global().async(group: done) { [self] in
            do throws(SnapshotError) { try snapshot.requireUniqueKeys() } catch { self.error.withLock { $0 = error } }
        }
    }

    /// Waits for the check; its error, or nil when every key is unique.
    func wait() -> SnapshotError? {
        done.wait()
        return error.withLock { $0 }
    }
}
