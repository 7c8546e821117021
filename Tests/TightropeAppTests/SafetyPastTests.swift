import Foundation
import Testing
import TightropeAppTesting
@testable import TightropeApp
@testable import TightropeCore

/// The installed lexicon's past and recurrence words: "back" that says "ago" ("vijftien jaar
/// terug", "tio år tillbaka") is past, "back" that says "returned" ("het kwam terug") is recurrence.
@Suite struct SafetyPastTests {
    func flags(_ text: String) throws -> [String] {
        SafetyScreen.screen(text, lexicon: try TestLexicon.installed()).map(\.category)
    }

    @Test func backAsAgoIsPastAndBackAsReturnedIsRecurrence() throws {
        #expect(try flags("Mijn eerste relatie was gewelddadig, maar dat is vijftien jaar terug. Bij Koen voel ik me helemaal veilig.").isEmpty)
        #expect(try !flags("Mijn eerste relatie was gewelddadig, maar dat is vijftien jaar terug. Nu voel ik me veilig, maar het kwam terug.").isEmpty)
        #expect(try flags("För tio år tillbaka försökte jag ta livet av mig. Nu mår jag bra, jag känner mig trygg.").isEmpty)
        #expect(try !flags("För tio år tillbaka försökte jag ta livet av mig. Nu mår jag bra, men tankarna kom tillbaka i veckan.").isEmpty)
        #expect(try !flags("Jag försökte ta livet av mig i lördags.").isEmpty)
    }
}
