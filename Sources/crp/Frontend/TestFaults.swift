import Submissions

extension ProcessEnvironment {
    /// Arms the test-only write fault `CRP_TEST_WRITE_FAULT` (`kill:N`: SIGKILL before the N-th
    /// durable write step; `enospc:N`: that step fails as on a full disk). Tests of interrupted
    /// commands use it where a small full file system cannot be mounted; unset, it does nothing.
    func armWriteFault() {
        if let s = variables["CRP_TEST_WRITE_FAULT"], let f = WriteFault(s) { FileIO.inject(f) }
    }
}
