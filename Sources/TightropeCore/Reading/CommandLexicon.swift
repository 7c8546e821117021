/// The words of commands, per language, folded (lower case, no diacritics), as regular
/// expressions on a sentence padded with spaces.
extension CommandReader {
    enum Lexicon {
        /// Verbs that ask to stop; negation and mention are checked around them.
        static let stopVerbs = [
            #"\bstop\b"#, #"\bunsubscribe\b"#, #"\bopt (me )?out\b"#, #"\bcancel (my|these|the|this)\b"#, #"\btake me off\b"#,
            #"\bremove me\b"#, #"\bstopp\b"#, #"\babmelden\b"#, #"\babbestellen\b"#, #"\baustragen\b"#, #"\baufhoren\b"#,
            #"\barrete[zr]?\b"#, #"\barretons\b"#, #"\bdesabonn"#, #"\bdesinscri"#, #"\bparen\b"#, #"\bdejen de\b"#, #"\bdeja de\b"#, #"\bdejad de\b"#, #"\bdeje de\b"#,
            #"\bdar(me)? de baja\b"#, #"\bdame de baja\b"#, #"\bdenme de baja\b"#, #"\bremov(a|am|er|e|ed)\b"#,
            #"\biptal\b"#, #"\babonelig"#, #"\brezygnuj"#, #"\bwypisz(cie)? mnie\b"#, #"\bcancel\b"#, #"\bdesuscrib"#, #"\bparem\b"#, #"\bpare de\b"#, #"\bparar de\b"#, #"\bdescadastr"#,
            #"\bsmett(ete|i|a|ere)\b"#, #"\bbasta\b"#, #"\bdisiscriv"#, #"\bafmelden\b"#, #"\buitschrijven\b"#, #"\bmeld me af\b"#,
            #"\bstoppen\b"#, #"\bprzesta(c|ncie|n)\b"#, #"\bwypisz"#, #"\bwypisac\b"#, #"\bzrezygnowac\b"#, #"\bsluta\b"#,
            #"\bavsluta\b"#, #"\bavregistrera\b"#, #"\bafmeld"#, #"\bmeld mig af\b"#, #"\bprestan"#, #"\bodhlas"#,
            #"\bbirak(in|alim)?\b"#, #"\babonelikten cik"#, #"\bdurdurun\b"#, #"\bпрекрат"#, #"\bотпиш"#, #"\bхватит\b"#,
            #"\bостановит"#, #"\bприпин"#, #"\bвiдпиш"#, #"\bвідпиш"#, #"配信停止"#, #"停止して"#, #"やめて"#, #"登録解除"#,
            #"退订"#, #"取消订阅"#, #"停止发送"#, #"\bend (these|the check|my subscription)"#, #"\bend therapy\b"#,
            // Hebrew: "הסר" is the opt-out word Israeli law gives every mailing; "stop (it)", "cancel".
            #"\bהסר\b"#, #"\bהסירו אותי\b"#, #"\bתסירו אותי\b"#, #"\bהסירו אותנו\b"#, #"\bהפסיקו\b"#, #"\bתפסיקו\b"#, #"\bהפסק\b"#,
            #"\bלהפסיק את\b"#, #"\bעצרו\b"#, #"\bבטלו\b"#, #"\bביטול מנוי\b"#, #"\bהסרה מרשימת\b"#,
        ]
        /// Requests that carry their own negation ("no more", "keine … mehr", "больше не присылайте").
        static let stopNegative = [
            #"\bno more (e-?mails|check-?ins|messages|of these|mails)\b"#,
            #"\b(do not|don'?t|dont|please don'?t) (send|email|mail|contact)\b"#, #"\bnot (want|wish) to (receive|get) (these|them|any)"#,
            #"\bkeine\b[^.]{0,40}\bmehr\b"#, #"\bnicht mehr (schicken|senden|zusenden|bekommen|erhalten)"#,
            #"\bne\b[^.]{0,25}\bplus\b[^.]{0,25}(envo|mail|message|check)"#, #"\b(n'|ne )(m'|me )?(envoyez|envoie|envoyer) plus\b"#,
            #"\bplus de (mails|messages|check)"#,
            #"\bno (me )?(envien|manden|mandes|envies) mas\b"#, #"\bya no (quiero|queremos) recibir"#,
            #"\bnao (me )?(enviem|mandem|envie|mande) mais\b"#, #"\bnao (quero|queremos) (mais )?receber"#,
            #"\bnon (mi )?(inviate|mandate|mandare|inviare|inviarmi|mandarmi|scrivetemi) piu\b"#, #"\bnon (voglio|vogliamo) piu ricever"#,
            #"\bnon (li|le) voglio piu\b"#,
            #"\bniet meer (sturen|versturen|ontvangen|toesturen)"#, #"\bgeen\b[^.]{0,30}\bmeer\b"#,
            #"\bnie (wysylajcie|przysylajcie|wysylaj|przysylaj)"#, #"\bnie chce(my)? (juz )?(dostawac|otrzymywac)"#,
            #"\bskicka inte\b"#, #"\binga fler\b"#, #"\bvill inte (ha|fa) fler"#, #"\bsend ikke\b"#, #"\bikke flere\b"#,
            #"\bneposilejte\b"#, #"\balmak istemiyorum\b"#, #"\bistemiyorum\b"#, #"\bno quiero recibir"#,
            #"\b(don'?t|do not) want (to (get|receive) )?(these|them|any more|anymore)\b"#, #"\bwill nicht mehr\b"#, #"\bgondermeyin\b"#, #"\bgondermeyi birak"#, #"\bartik [^.]{0,20}gonderme"#,
            #"\bбольше не (присылайте|отправляйте|присылать|отправлять|пишите|надо|шлите)"#, #"\bне присылайте\b"#,
            #"\bбiльше не (надсилайте|присилайте|надсилати)"#, #"\bбільше не (надсилайте|присилайте|надсилати)"#,
            #"\bне надсилайте\b"#, #"送らないで"#, #"もう[^。]{0,10}(いりません|要りません|結構です)"#, #"配信を?停止"#,
            #"不要再"#, #"别再"#, #"不用再"#, #"不想再收到"#,
            #"\bאל (תשלחו|תשלח|תשלחי)\b"#, #"\bלא לשלוח (לי |לנו )?(יותר|עוד)\b"#, #"\bלא (רוצה|רוצים|מעוניין|מעוניינת|מעוניינים) (יותר )?לקבל\b"#,
        ]
        /// What the practice sends, in a stop request's object ("stop sending these", "keine Check-ins").
        static let sendingObjects = [
            #"\bsend"#, #"\be-?mails?\b"#, #"\bmails?\b"#, #"\bmessages?\b"#, #"\bcheck-?ins?\b"#, #"\bthese\b"#, #"\bthem\b"#,
            #"\bfor now\b"#, #"\bschick"#, #"\bzusend"#, #"\benvo[iy]"#, #"\bmand[ae]"#, #"\binvia"#, #"\bstuur"#, #"\bwysy"#,
            #"\bprzysy"#, #"\bwiadomo"#, #"\bmessagg"#, #"\bmensaj"#, #"\bmensag"#, #"\bbericht"#, #"\bnachricht"#,
            #"\bmeddelande"#, #"\bbesked"#, #"\bсообщени"#, #"\bповідомлен"#, #"\bписьм"#, #"\be-?mail"#, #"\be-?posta"#, #"\bmesaj"#, #"\bzprav"#, #"\bskick"#, #"\bgonder"#, #"\bприсыл"#, #"\bотправ"#, #"\bнадсил"#, #"\bприсил"#,
            #"\bписьма\b"#, #"\bлисти\b"#, #"送"#, #"发"#, #"邮件"#, #"メール"#, #"\bcorreos?\b"#, #"\be-post"#, #"\bsubscri"#,
            // What each language's check-in calls itself (Templates/locales/*): "seguimiento", "point hebdomadaire",
            // "avstämning", "cotygodniowe pytania", "questionario".
            #"\bseguimientos?\b"#, #"\bpoints? hebdo"#, #"\bavstamning"#, #"\bpytan"#, #"\bquestionar"#, #"\bvragenlijst"#,
            #"\b(ה)?מייל"#, #"\b(ה)?שאלונ"#, #"\b(ה)?הודעות\b"#, #"\bלשלוח\b"#, #"\bתשלחו\b"#,
        ]
        /// Verbs of receiving: an object of a stop request only in a reply that answers nothing
        /// ("non voglio più riceverli"); in a reflection they are about other things.
        static let receiving = [#"\bricever"#, #"\brecibir"#, #"\breceber"#, #"\bontvangen"#, #"\berhalten"#, #"\bbekommen"#,
                                #"\bdostawac"#, #"\botrzymywac"#, #"\bfa fler"#, #"\breceive"#, #"\brecevoir"#, #"\bполучать"#]
        static let pauseWords = [
            #"\bpause[ds]?\b"#, #"\bpausing\b"#, #"\btake a break\b"#, #"\ba break\b"#, #"\bhold off\b"#, #"\bpausier"#, #"\bpausa[rm]?\b"#,
            #"\bpausem\b"#, #"\bpauze"#, #"\bgepauzeerd\b"#, #"\bpauzeer"#, #"\bprzerw"#, #"\bwstrzym"#, #"\bpaus\b"#, #"\bara ver"#, #"\bпауз"#,
            #"\bприостанов"#, #"\bпризупин"#, #"お休み"#, #"止めて"#, #"止めてください"#, #"停止"#, #"休止"#, #"一時停止"#, #"暂停"#, #"\bpozastav"#, #"\bunterbrech"#,
            #"\bmettre en pause\b"#, #"\bsuspend"#, #"\bsospend"#, #"\bskip\b"#, #"\bhold\b"#,
            #"\bהשהיה\b"#, #"\bהשהייה\b"#, #"\bהשהו\b"#, #"\bתשהו\b"#, #"\bלהשהות\b"#, #"\bהשהה\b"#, #"\bהפסקה של\b"#,
        ]
        static let weekWords = ["week", "wk", "woche", "semaine", "semana", "settiman", "weken", "tygodn", "tydzien", "veck", "uge",
                                "uke", "hafta", "недел", "тижн", "тижд", "tydn", "tyden", "שבוע", "לשבוע", "לשבועות"]
        static let resumeWords = [
            #"\bresume\b"#, #"\brestart\b"#, #"\bstart (again|sending|them|these)\b"#, #"\bsend (them|these|it) again\b"#,
            #"\b(we'?re|we are|i'?m|i am) back\b"#, #"\bstart\b[^.]{0,25}\bagain\b"#, #"\bsend\b[^.]{0,25}\bagain\b"#,
            #"\btekrar\b[^.]{0,30}(gonder|basla)"#, #"\bskicka\b[^.]{0,20}\bigen\b"#, #"\bborja skicka\b"#, #"また送って"#, #"再び送って"#, #"再度送って"#, #"继续发"#, #"\bznovu\b"#, #"\bcontinue (the|sending|these)\b"#, #"\bwieder\b[^.]{0,30}\b(schick|send|aufnehm|start)"#,
            #"\bschickt\b[^.]{0,30}\bwieder\b"#, #"\bwir sind (wieder )?zuruck\b"#, #"\bfortsetzen\b"#, #"\breprend"#, #"\bde retour\b"#,
            #"\breanud"#, #"\bvolver a enviar"#, #"\bde vuelta\b"#, #"\bretom"#, #"\bvoltar a enviar"#, #"\bde volta\b"#, #"\bripren"#,
            #"\bsiamo tornat"#, #"\bhervat"#, #"\bweer (sturen|versturen|ontvangen)"#, #"\bwe zijn terug\b"#, #"\bwznow"#, #"\bwrocil"#,
            #"\bateruppta"#, #"\bvi ar tillbaka\b"#, #"\bgenoptag"#, #"\bdevam (edin|ettir)"#, #"\bgeri (dondu|geldik)"#, #"\bвозобнов"#,
            #"\bмы вернулись\b"#, #"\bвiднов"#, #"\bвіднов"#, #"\bповернулис"#, #"再開"#, #"恢复"#, #"重新开始"#, #"继续发送"#, #"\bobnov"#,
            #"\bחידוש\b"#, #"\bלחדש\b"#, #"\bחדשו\b"#, #"\bתחדשו\b"#, #"\b(המשיכו|תמשיכו|להמשיך) לשלוח\b"#, #"\bשלחו שוב\b"#, #"\bחזרנו\b"#,
        ]
    }
}
