import Testing
import TightropeAppTesting
@testable import TightropeApp
@testable import TightropeCore

/// The shipped lexicon in every language: development examples written for these tests (the
/// independent evaluation set is scored separately, in SafetyEvaluationTests).
@Suite struct SafetyScreenLanguageTests {
    static let lexicon: SafetyLexicon? = try? TestLexicon.installed()

    static func alerts(_ text: String) throws -> Bool {
        !SafetyScreen.screen(text, lexicon: try #require(lexicon)).isEmpty
    }

    @Test(arguments: [
        // German
        "Ehrlich gesagt will ich manchmal einfach nicht mehr aufwachen.",
        "Ich denke seit Tagen darüber nach, mich umzubringen.",
        "Er hat mich am Hals gepackt und zugedrückt, bis mir schwarz vor Augen wurde.",
        "Sie hat gedroht, mich umzubringen, wenn ich gehe.",
        "Ich ritze mich wieder, seit wir streiten.",
        "Ich habe schon Tabletten gesammelt.",
        "Er kontrolliert mein Handy und lässt mich nicht mehr raus.",
        // French
        "Franchement j'ai envie de mourir en ce moment.",
        "Je pense à me foutre en l'air, je n'en parle à personne.",
        "Il m'a serré le cou contre le mur samedi.",
        "Elle m'a menacé avec un couteau pendant la dispute.",
        "Je me scarifie de nouveau depuis lundi.",
        "Il m'a forcée à coucher avec lui alors que je disais non.",
        // Spanish
        "A veces pienso que estarían mejor sin mí.",
        "Tengo pensado tomarme todas las pastillas este finde.",
        "Me pegó delante de los niños y me da miedo volver a casa.",
        "Me revisa el móvil todos los días y no me deja salir sola.",
        "He vuelto a cortarme los brazos.",
        // Portuguese
        "Não aguento mais viver assim, queria dormir e não acordar.",
        "Ele apertou meu pescoço até eu quase desmaiar.",
        "Ele disse que vai me matar se eu for embora.",
        "Voltei a me cortar essa semana.",
        // Italian
        "Sinceramente vorrei morire, non ce la faccio più.",
        "Ho pensato di buttarmi dal ponte tornando dal lavoro.",
        "Mi ha stretto le mani al collo finché non respiravo.",
        "Mi ha puntato un coltello alla gola.",
        // Dutch
        "Ik wil eigenlijk niet meer leven.",
        "Hij heeft me gisteren weer geslagen.",
        "Ik heb alle pillen al verzameld.",
        // Polish
        "Czasem chcę po prostu zasnąć i się nie obudzić.",
        "Myślę o tym, żeby się zabić.",
        "Znowu mnie pobił, boję się wracać do domu.",
        // Swedish
        "Jag vill inte leva längre, jag orkar inte.",
        "Han tog stryptag på mig igår.",
        "Jag har börjat skära mig igen.",
        // Turkish
        "Bazen ölmek istiyorum, her şey çok ağır.",
        "Kocam beni yine dövdü, çok korkuyorum.",
        "Kendimi öldürmeyi düşünüyorum.",
        // Japanese
        "最近ずっと死にたいと思っている。",
        "夫に首を絞められて、怖くて眠れない。",
        "また手首を切ってしまった。",
        // Chinese
        "我最近一直想死，觉得活着没意思。",
        "他昨天又打我了，我不敢回家。",
        "我又开始割腕了。",
        // Ukrainian
        "Я більше не хочу жити.",
        "Він погрожував мене вбити, якщо я піду.",
        // Russian
        "Иногда думаю покончить с собой.",
        "Муж снова поднял на меня руку.",
        "Я опять режу себя.",
    ])
    func crisisLanguageIsFlaggedInEveryLanguage(_ text: String) throws {
        #expect(try Self.alerts(text), "\(text)")
    }

    @Test(arguments: [
        "Ich bin total todmüde von der Woche, aber wir hatten einen schönen Abend.",
        "Wir haben einen Tatort über einen Selbstmord gesehen und lange geredet.",
        "Ich habe keine Gedanken daran, mir etwas anzutun, nur viel Stress.",
        "Je suis morte de rire devant ses blagues.",
        "On a regardé un documentaire sur le suicide des jeunes.",
        "Me muero de ganas de ir a la playa con ella.",
        "Hoje o dia me matou de cansaço, mas estamos bem.",
        "Oggi al lavoro il caldo mi ammazza, ma la sera è stata bella.",
        "Ik lach me dood om zijn grappen.",
        "Umieram ze śmiechu przy tym serialu.",
        "Jag skrattade ihjäl mig åt filmen.",
        "Gülmekten öldüm, çok eğlenceli bir haftaydı.",
        "今週は死ぬほど忙しかったけど、週末はゆっくりできた。",
        "笑死我了，他做饭的样子太好笑了。",
        "Помираю зі сміху з його жартів.",
        "Умираю со смеху, когда он поёт.",
    ])
    func idiomsMediaAndDenialsDoNotAlert(_ text: String) throws {
        #expect(try !Self.alerts(text), "\(text)")
    }
}
