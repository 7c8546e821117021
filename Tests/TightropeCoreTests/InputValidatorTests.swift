import Testing
@testable import TightropeCore

@Suite struct InputValidatorTests {
    @Test(arguments: ["ana@example.com", "a.b+c@mail.example.org", "x_y@sub.domain.co", "o'neil@example.ie"])
    func acceptsOrdinaryAddresses(_ address: String) {
        #expect(InputValidator.isValidEmail(address))
    }

    @Test(arguments: ["", "plain", "@example.com", "a@", "a@b", "a..b@example.com", ".a@example.com", "a@-x.com",
                      "a@x-.com", "a b@example.com", "a@example.com\r\nBcc: x@y.z", "ä@example.com", "a@exämple.com",
                      "a@example.123", "\"q\"@example.com", "a@[127.0.0.1]"])
    func refusesInvalidAddresses(_ address: String) {
        #expect(!InputValidator.isValidEmail(address))
    }

    @Test(arguments: ["Zoë Ångström", "José Núñez-Łukasik", "佐藤 花子", "O'Brien", "Sam 👩‍👩‍👧"])
    func acceptsNamesInAnyScript(_ name: String) throws {
        try InputValidator.checkName(name, field: "name")
    }

    @Test(arguments: ["Eve\r\nBcc: x@example.com", "Eve\n", "Eve\u{0}", "Eve\u{7F}", "\u{202E}evE", "Eve\u{2028}x", "  ", ""])
    func refusesControlAndInvisibleCharacters(_ name: String) {
        #expect(throws: ValidationIssue.self) { try InputValidator.checkName(name, field: "name") }
    }

    @Test func errorNamesTheFieldButNotTheValue() {
        do {
            try InputValidator.checkEmail("secret-person@nowhere", field: "partner a email")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description.contains("partner a email"))
            #expect(!error.description.contains("secret-person"))
        }
    }

    @Test func coupleIDsAreSlugs() {
        #expect(InputValidator.isValidCoupleID("c-0042"))
        #expect(!InputValidator.isValidCoupleID("-c"))
        #expect(!InputValidator.isValidCoupleID("Rossi"))
        #expect(!InputValidator.isValidCoupleID("a/b"))
        #expect(!InputValidator.isValidCoupleID(String(repeating: "a", count: 33)))
    }

    @Test func timeZonesMustBeIANANames() throws {
        try InputValidator.checkTimeZone("Europe/Berlin", field: "tz")
        try InputValidator.checkTimeZone("America/Argentina/Buenos_Aires", field: "tz")
        #expect(throws: ValidationIssue.self) { try InputValidator.checkTimeZone("Mars/Olympus", field: "tz") }
        #expect(throws: ValidationIssue.self) { try InputValidator.checkTimeZone("", field: "tz") }
    }

    @Test func aCoupleNeedsTwoDifferentAddresses() {
        let schedule = WeeklySchedule(timeZoneID: "UTC", sendDay: .sunday, sendTime: LocalTime(hour: 18, minute: 0)!, reminderDay: .wednesday)
        let couple = Couple(id: "c1", therapistID: "t1", schedule: schedule, partners: [
            Partner(label: .a, name: "A", email: "same@example.com"),
            Partner(label: .b, name: "B", email: "SAME@example.com"),
        ])
        #expect(throws: ValidationIssue.self) { try InputValidator.check(couple) }
    }

    @Test func weekdaysAndTimesParse() {
        #expect(Weekday(name: "Sunday") == .sunday)
        #expect(Weekday(name: "tue") == .tuesday)
        #expect(Weekday(name: "someday") == nil)
        #expect(LocalTime("07:05")?.description == "07:05")
        #expect(LocalTime("24:00") == nil)
        #expect(LocalTime("7:05") == nil)
        #expect(PartnerRef("c-1/b") == PartnerRef(coupleID: "c-1", label: .b))
        #expect(PartnerRef("c-1/c") == nil)
    }
}

@Suite struct TerminalTextTests {
    @Test func controlAndBidiCharactersAreShownEscaped() {
        #expect(TerminalText.safe("plain text\nsecond line") == "plain text\nsecond line")
        #expect(TerminalText.safe("a\u{1B}[2Jb") == "a\\u{1B}[2Jb")
        #expect(TerminalText.safe("evil\u{202E}txt.exe") == "evil\\u{202E}txt.exe")
        #expect(TerminalText.safe("x\u{9B}31m") == "x\\u{9B}31m")
        #expect(TerminalText.safe("one\ntwo", multiline: false) == "one\\u{A}two")
        #expect(TerminalText.safe("Zoë Ångström 今週") == "Zoë Ångström 今週")
    }
}
