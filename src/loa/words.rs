//! The words of the Letter of Authorization in English and in French: headings, labels and the
//! authorization's wording for a number port and for a toll-free RespOrg change.

use super::certified::Language;
use crate::domain::order::PortType;

/// The gaining service: the provider portwiz ports the numbers to.
pub const GAINING_SERVICE: &str = "portwiz (Calling Plan)";

pub struct Words {
    pub language: Language,
    pub title: &'static str,
    pub port_subtitle: &'static str,
    pub toll_free_subtitle: &'static str,
    pub gaining: &'static str,
    pub losing: &'static str,
    pub current_resporg: &'static str,
    pub account: &'static str,
    pub btn: &'static str,
    pub port_type: &'static str,
    pub full: &'static str,
    pub partial: &'static str,
    pub replacement_btn: &'static str,
    pub organization: &'static str,
    pub authorized_user: &'static str,
    pub service_address: &'static str,
    pub port_date: &'static str,
    pub port_date_open: &'static str,
    pub order: &'static str,
    pub prepared_on: &'static str,
    pub numbers: &'static str,
    pub exhibit: &'static str,
    pub signature_heading: &'static str,
    pub signature_statement: &'static str,
    pub signature: &'static str,
    pub printed_name: &'static str,
    pub signer_title: &'static str,
    pub date: &'static str,
    pub page_of: &'static str,
    pub certificate: &'static str,
    pub signed_by: &'static str,
    pub email: &'static str,
    pub sent: &'static str,
    pub signed: &'static str,
    pub fingerprint: &'static str,
}

pub static ENGLISH: Words = Words {
    language: Language::English,
    title: "Letter of Authorization",
    port_subtitle: "Port of telephone numbers",
    toll_free_subtitle: "Toll-free numbers: change of RespOrg",
    gaining: "Gaining service",
    losing: "Losing carrier",
    current_resporg: "Current RespOrg",
    account: "Account number",
    btn: "Billing telephone number (BTN)",
    port_type: "Port type",
    full: "Full: every number on the account ports and the account closes",
    partial: "Partial: the account stays open with its other numbers",
    replacement_btn: "Replacement BTN",
    organization: "Organization",
    authorized_user: "Authorized user",
    service_address: "Service address",
    port_date: "Requested port date",
    port_date_open: "not chosen yet: the earliest date the carrier allows",
    order: "Order",
    prepared_on: "prepared on",
    numbers: "Numbers",
    exhibit: "Exhibit A: the numbers of this letter",
    signature_heading: "Signature of the authorized user",
    signature_statement: "By signing, I confirm that the information in this letter is correct and that I am authorized to make this request for the organization named above.",
    signature: "Signature",
    printed_name: "Printed name",
    signer_title: "Title",
    date: "Date",
    page_of: "of",
    certificate: "Certificate of electronic signature",
    signed_by: "Signed by",
    email: "Email the request went to",
    sent: "Request sent",
    signed: "Signed",
    fingerprint: "Fingerprint of the values signed",
};

pub static FRENCH: Words = Words {
    language: Language::French,
    title: "Lettre d'autorisation",
    port_subtitle: "Transfert de numéros de téléphone",
    toll_free_subtitle: "Numéros sans frais : changement de RespOrg",
    gaining: "Nouveau fournisseur",
    losing: "Fournisseur actuel",
    current_resporg: "RespOrg actuelle",
    account: "Numéro de compte",
    btn: "Numéro de facturation (BTN)",
    port_type: "Type de transfert",
    full: "Complet : tous les numéros du compte sont transférés et le compte est fermé",
    partial: "Partiel : le compte reste ouvert avec ses autres numéros",
    replacement_btn: "BTN de remplacement",
    organization: "Organisation",
    authorized_user: "Personne autorisée",
    service_address: "Adresse de service",
    port_date: "Date de transfert demandée",
    port_date_open: "pas encore choisie : la première date que le fournisseur permet",
    order: "Commande",
    prepared_on: "préparée le",
    numbers: "Numéros",
    exhibit: "Annexe A : les numéros de cette lettre",
    signature_heading: "Signature de la personne autorisée",
    signature_statement: "En signant, je confirme que les renseignements de cette lettre sont exacts et que je suis autorisé(e) à faire cette demande pour l'organisation nommée ci-dessus.",
    signature: "Signature",
    printed_name: "Nom en lettres moulées",
    signer_title: "Fonction",
    date: "Date",
    page_of: "de",
    certificate: "Certificat de signature électronique",
    signed_by: "Signée par",
    email: "Courriel de la demande",
    sent: "Demande envoyée",
    signed: "Signée le",
    fingerprint: "Empreinte des valeurs signées",
};

impl Language {
    pub fn words(self) -> &'static Words {
        match self {
            Language::English => &ENGLISH,
            Language::French => &FRENCH,
        }
    }

    /// The other language, for the second half of a bilingual letter.
    pub fn other(self) -> Language {
        match self {
            Language::English => Language::French,
            Language::French => Language::English,
        }
    }
}

impl Words {
    pub fn port_type(&self, port_type: PortType) -> &'static str {
        match port_type {
            PortType::Full => self.full,
            PortType::Partial => self.partial,
        }
    }

    /// The authorization itself, for a port of `losing`'s numbers or a RespOrg change.
    pub fn authorization(&self, toll_free: bool, organization: &str, losing: &str) -> String {
        let gaining = GAINING_SERVICE;
        match (self.language == Language::French, toll_free) {
            (false, false) => format!(
                "I, the undersigned, am authorized to act for {organization} on the account below. I \
                 authorize {gaining} to port the telephone numbers listed in this letter from {losing} \
                 to {gaining}, and to obtain the account's customer service record for that purpose. I \
                 understand that the service of {losing} ends for these numbers on the port date."
            ),
            (false, true) => format!(
                "I, the undersigned, am authorized to act for {organization}, the subscriber of the \
                 toll-free numbers listed in this letter. I authorize {gaining} to change their \
                 Responsible Organization (RespOrg) from the current RespOrg, {losing}, to the RespOrg \
                 of {gaining}, and to act as our agent with the toll-free number registry for that \
                 change. The subscriber stays the same; only the RespOrg changes."
            ),
            (true, false) => format!(
                "Je soussigné(e) suis autorisé(e) à agir pour {organization} sur le compte ci-dessous. \
                 J'autorise {gaining} à transférer les numéros de téléphone énumérés dans cette lettre \
                 de {losing} vers {gaining}, et à obtenir à cette fin le relevé de service du compte. \
                 Je comprends que le service de {losing} prend fin pour ces numéros à la date du \
                 transfert."
            ),
            (true, true) => format!(
                "Je soussigné(e) suis autorisé(e) à agir pour {organization}, abonné des numéros sans \
                 frais énumérés dans cette lettre. J'autorise {gaining} à changer leur organisation \
                 responsable (RespOrg), de la RespOrg actuelle, {losing}, vers celle de {gaining}, et à \
                 agir comme notre mandataire auprès du registre des numéros sans frais pour ce \
                 changement. L'abonné reste le même ; seule la RespOrg change."
            ),
        }
    }

    /// What the certificate page says of the letter before it.
    pub fn certifies(&self, pages: usize) -> String {
        let french = self.language == Language::French;
        let which = match (french, pages) {
            (false, 1) => "page 1".to_string(),
            (false, n) => format!("pages 1 to {n}"),
            (true, 1) => "la page 1".to_string(),
            (true, n) => format!("les pages 1 à {n}"),
        };
        if french {
            format!(
                "La personne autorisée a signé électroniquement {which} de ce document, par le service de signature simulé de portwiz, pour les valeurs dont l'empreinte suit."
            )
        } else {
            format!(
                "The authorized user signed {which} of this document electronically, through portwiz's simulated signature service, for the values whose fingerprint follows."
            )
        }
    }

    /// The note on the first page when the numbers are listed in the exhibit.
    pub fn in_exhibit(&self, count: usize) -> String {
        if self.language == Language::French {
            format!(
                "Les {count} numéros sont énumérés à l'annexe A, qui fait partie de cette lettre."
            )
        } else {
            format!("The {count} numbers are listed in Exhibit A, which is part of this letter.")
        }
    }
}
