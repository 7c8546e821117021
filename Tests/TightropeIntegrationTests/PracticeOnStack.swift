import Foundation
import Testing
import TightropeCore
import TightropeTesting
@testable import TightropeMail
@testable import TightropeStore

extension MailStack {
    /// A practice reading `practice`'s INBOX, with couples whose partners are `users` (pairs),
    /// and the round of `sendAt`'s week sent to them.
    func practice(_ practice: String, users: [String], therapist: String = "therapist", sendAt: String) throws -> CLISandbox {
        let stack = self
        try stack.clear([practice, therapist] + users.filter { !$0.hasPrefix("nosuch") })
        let box = try CLISandbox(environment: stack.credentials) { stack.configure($0, practice: practice, therapist: therapist) }
        for i in stride(from: 0, to: users.count, by: 2) {
            let id = "c-\(users[i])"
            let add = try box.addCouple(id, a: ("Zoë \(users[i])", "\(users[i])@example.test"), b: ("Kenji \(users[i + 1])", "\(users[i + 1])@example.test"),
                                        extra: ["--time-zone", "UTC", "--send-day", "monday", "--send-time", "08:00"])
            try #require(add.status == 0, "\(add.stderr)")
            for label in ["a", "b"] { try #require(try box.run(["consent", "\(id)/\(label)", "--method", "test"]).status == 0) }
        }
        let send = try box.run(["send", "--now", sendAt])
        try #require(send.status == 0, "\(send.stderr)")
        try stack.waitForQueue()
        return box
    }

    /// Disconnects every IMAP session of `user` on the server's side, as a restart would.
    func kick(_ user: String) throws {
        _ = try Subprocess.run("/usr/bin/doveadm", ["-c", state + "/dovecot/dovecot.conf", "kick", user])
    }
}

/// The check-in sent to `user` in the practice of `box`.
func checkIn(_ box: CLISandbox, to user: String) throws -> [UInt8] {
    try #require(try TightropeStore(path: box.database.path).outbox().first { $0.kind == .checkin && $0.envelopeTo == "\(user)@example.test" }).bytes
}

/// A reply's envelope: from the partner to the tokened address it is written to.
func envelope(_ bytes: [UInt8], from: String) -> (from: String, to: String, bytes: [UInt8]) {
    (from, MIMEMessage(bytes).headers("To").flatMap(HeaderValues.addresses).first ?? "", bytes)
}

/// Runs `poll` and checks that its log names no partner, address or answer.
func pollChecked(_ box: CLISandbox, at now: String) throws -> CLIRun {
    let run = try box.run(["poll", "--now", now])
    for leak in ["@example.test", "Zoë", "Kenji", "budget", "pancakes"] { #expect(!run.stderr.contains(leak), "log leaks \(leak)") }
    return run
}

func scales(_ c: StoredCheckIn) throws -> ScaleValues {
    c.scales
}

/// Waits while `process` runs until `reached()` holds or `limit` seconds pass, looking every
/// millisecond; true when the process is still running then (so it can be cut off or killed).
func waitWhileRunning(_ process: Process, limit: TimeInterval = 10, until reached: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(limit)
    while process.isRunning, Date() < deadline, try !reached() {
        Thread.sleep(forTimeInterval: 0.001)  // the condition's poll interval
    }
    return process.isRunning
}
