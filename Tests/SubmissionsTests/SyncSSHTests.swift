import Foundation
import Platform
import Submissions
import TestSupport
import Testing

/// A local `sshd` (Debian `openssh-server`) started by the test on a free port, with its own host
/// key and one authorised key, all in a scratch folder: the remote of `ssh://` syncs.
struct LocalSSHD {
    static let sshd = "/usr/sbin/sshd"
    static var installed: Bool { FileManager.default.isExecutableFile(atPath: sshd) && Clients.installed("ssh") && Clients.installed("ssh-keygen") }

    let process: RunningProcess
    let port: Int
    let key: URL

    /// What git needs to reach it: no question about the host, our key, nothing from ~/.ssh.
    var sshCommand: String {
        "ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o IdentitiesOnly=yes -i \(key.path) -p \(port)"
    }

    static func start(in dir: URL) throws -> LocalSSHD {
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let key = dir.appendingPathComponent("client_key"), host = dir.appendingPathComponent("host_key")
        for k in [key, host] {
            let r = try Proc.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", k.path])
            if !r.ok { throw HarnessError("ssh-keygen failed: \(r)") }
        }
        try FileManager.default.copyItem(at: dir.appendingPathComponent("client_key.pub"), to: dir.appendingPathComponent("authorized_keys"))
        for attempt in 0..<5 {
            let port = Int.random(in: 20_000..<60_000)
            let config = dir.appendingPathComponent("sshd_config")
            let text = """
                Port \(port)
                ListenAddress 127.0.0.1
                HostKey \(host.path)
                AuthorizedKeysFile \(dir.path)/authorized_keys
                PidFile \(dir.path)/sshd.pid
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                PermitRootLogin prohibit-password
                StrictModes no

                """
            try Data(text.utf8).write(to: config)
            let p = try Proc.spawn(sshd, ["-D", "-e", "-f", config.path])
            let server = LocalSSHD(process: p, port: port, key: key)
            for _ in 0..<50 {
                let probe = try Proc.run(
                    "ssh", server.sshCommand.split(separator: " ").dropFirst().map(String.init) + ["\(Self.user)@127.0.0.1", "true"], timeout: 10)
                if probe.ok { return server }
                usleep(100_000)
            }
            p.kill()
            _ = p.wait(timeout: 5)
            if attempt == 4 { throw HarnessError("sshd did not start on a free port") }
        }
        throw HarnessError("sshd did not start")
    }

    func stop() {
        process.kill()
        _ = process.wait(timeout: 5)
    }

    static var user: String { ProcessInfo.processInfo.environment["USER"] ?? "root" }
}

extension CRPProcessTests.SyncCLI {
    @Test(
        .enabled(
            if: Clients.runs(SyncHarness.gitPath != nil && LocalSSHD.installed),
            "SKIPPED: git or openssh-server is not installed (CRP_ALLOW_MISSING_CLIENTS=1)"))
    func twoSitesThroughSSHRemote() throws {
        guard SyncHarness.gitPath != nil, LocalSSHD.installed else { return Clients.missing("git or openssh-server (sshd) is not installed") }
        let dir = try CRP.tempDir("sync-ssh")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scratch = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let server = try LocalSSHD.start(in: dir)
        defer { server.stop() }
        let remote = try SyncHarness.bare(dir)
        let url = "ssh://\(LocalSSHD.user)@127.0.0.1:\(server.port)\(remote.path)"
        let env = ["GIT_SSH_COMMAND": server.sshCommand]
        let (a, b) = try SyncHarness.twoSites(dir, remote: url, env: env)
        let s1 = try SyncHarness.register("vienna over ssh", state: "Peru", in: a, scratch: scratch)
        try SyncHarness.ok(["sync"], in: a, env: env)
        let s2 = try SyncHarness.register("new york over ssh", state: "Chile", in: b, scratch: scratch)
        let gotB = try SyncHarness.ok(["sync"], in: b, env: env)
        #expect(gotB.out.contains("Came in: 1 new submission from Vienna.") && gotB.out.contains("Sent to ssh://"), "\(gotB)")
        try SyncHarness.translate(s1, "translated at new york", in: b, scratch: scratch)
        try SyncHarness.ok(["sync"], in: b, env: env)
        let gotA = try SyncHarness.ok(["sync"], in: a, env: env)
        #expect(gotA.out.contains("Came in: 1 new submission, 1 translation from New York."), "\(gotA)")
        try SyncHarness.expectSame([a, b])
        #expect(try SyncHarness.status(a).contains(s2))
        // The server gone: the sync says so, keeps everything, and exits 3.
        server.stop()
        _ = try SyncHarness.register("while offline", state: "Mexico", in: a, scratch: scratch)
        let offline = try SyncHarness.crp(["sync"], in: a, env: env)
        expectRefused(offline, code: 3, saying: ["could not be reached", "Everything is recorded here"])
    }
}
