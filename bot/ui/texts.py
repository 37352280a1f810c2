"""Every sentence the bot shows, in Swedish and English: one catalogue per language."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

Language = Literal["sv", "en"]


@dataclass(frozen=True)
class Catalogue:
    """The bot's texts in one language; placeholders in braces are filled with str.format."""

    # The form
    form_title: str
    form_submit: str
    form_close: str
    close_button: str
    estate_label: str
    estate_placeholder: str
    slot_label: str
    slot_placeholder: str
    slot_choose_estate_first: str
    slot_none_upcoming: str
    slot_load_failed: str
    slot_places_left: str
    slot_one_place_left: str
    slot_full: str
    slot_closed: str
    slot_unlimited: str
    contact_label: str
    contact_placeholder: str
    contact_hint: str
    reminder_label: str
    reminder_none: str
    reminder_30: str
    reminder_60: str
    reminder_120: str
    reminder_1440: str
    notify_label: str
    notify_sms_reminder: str
    notify_mail_confirmation: str
    notify_sms_confirmation: str
    message_label: str
    message_placeholder: str
    lead_source_label: str
    lead_source_default: str
    checks_label: str
    check_deadline: str
    check_capacity: str
    check_participated: str
    channel_label: str
    # Picker answers
    option_type_more: str
    option_type_more_one: str
    option_type_phone: str
    option_no_match: str
    option_search_failed: str
    option_not_loaded: str
    # Validation
    error_choose_estate: str
    error_choose_slot: str
    error_slot_full: str
    error_slot_closed: str
    error_choose_contact: str
    error_choose_lead_source: str
    error_sms_reminder_needs_time: str
    error_message_too_long: str
    error_no_upcoming: str
    error_vitec_prefix: str
    error_vitec_refused: str
    error_already_booked: str
    error_in_progress: str
    error_not_found: str
    error_ledger_unavailable: str
    # Outcome views
    pending_title: str
    pending_text: str
    result_title: str
    result_booked: str
    result_already_booked: str
    result_refused: str
    result_auth: str
    result_forbidden: str
    result_unavailable: str
    result_unknown: str
    result_failed_retry: str
    # Messages
    booked_message: str
    booked_fallback: str
    already_booked_message: str
    booking_time: str
    booking_reminder: str
    booking_reminder_none: str
    booking_reminder_sms: str
    booking_confirmations: str
    booking_confirmations_none: str
    confirmation_mail: str
    confirmation_sms: str
    booking_participated: str
    booked_by: str
    undo_button: str
    undo_confirm_title: str
    undo_confirm_text: str
    undo_confirm_yes: str
    undo_confirm_no: str
    book_more_button: str
    undone_message: str
    undo_not_yours: str
    undo_failed: str
    undo_already: str
    undo_unknown: str
    failure_message: str
    reconciled_booked: str
    reconciled_not_booked: str
    posted_privately_note: str
    # Commands
    help_text: str
    history_title: str
    history_empty: str
    status_pending: str
    status_booked: str
    status_already_booked: str
    status_refused: str
    status_failed: str
    status_unknown: str
    status_removed: str
    open_failed: str
    # App Home
    home_title: str
    home_intro: str
    home_open_form: str
    home_upcoming: str
    home_upcoming_empty: str
    home_failures: str
    home_failures_empty: str
    # Weekday and month names for dates
    weekdays: str
    months: str
    # --- Access policy and re-checks of what Slack echoes back ---------------------------------
    access_title: str
    access_workspace: str
    access_external: str
    access_unverified: str
    access_deactivated: str
    access_bot: str
    access_guest: str
    access_channel: str
    access_group: str
    access_option: str
    error_channel_not_allowed: str
    error_office_mismatch: str
    error_slot_not_of_estate: str
    error_slot_unverified: str
    error_contact_unknown: str
    error_contact_unverified: str
    undo_not_booked: str


SV = Catalogue(
    form_title="Anmäl till visning",
    form_submit="Anmäl",
    form_close="Avbryt",
    close_button="Stäng",
    estate_label="Objekt",
    estate_placeholder="Sök adress, område eller objektnummer",
    slot_label="Visningstid",
    slot_placeholder="Välj tid",
    slot_choose_estate_first="Välj ett objekt så visas dess visningstider här.",
    slot_none_upcoming="*{address}* har inga kommande visningar i Vitec.",
    slot_load_failed=(
        "Visningstiderna kunde inte hämtas från Vitec just nu. Välj objektet igen om en stund."
    ),
    slot_places_left="{n} platser kvar",
    slot_one_place_left="1 plats kvar",
    slot_full="fullbokad",
    slot_closed="anmälan stängd",
    slot_unlimited="öppen",
    contact_label="Kontakt",
    contact_placeholder="Namn, telefon, e-post eller personnummer",
    contact_hint=(
        "Sök på minst fem tecken av namnet, eller ett telefonnummer eller en e-postadress."
    ),
    reminder_label="Påminnelse",
    reminder_none="Ingen påminnelse",
    reminder_30="30 minuter före",
    reminder_60="1 timme före",
    reminder_120="2 timmar före",
    reminder_1440="1 dag före",
    notify_label="Meddela kontakten",
    notify_sms_reminder="Påminnelse via SMS",
    notify_mail_confirmation="Bekräftelse via e-post",
    notify_sms_confirmation="Bekräftelse via SMS",
    message_label="Meddelande från kontakten",
    message_placeholder="Sparas på leadet i Vitec",
    lead_source_label="Leadkälla",
    lead_source_default="Kontorets standardkälla",
    checks_label="Kontroller",
    check_deadline="Kontrollera sista anmälningsdag",
    check_capacity="Kontrollera antal platser",
    check_participated="Kontakten har redan deltagit",
    channel_label="Posta resultatet i",
    option_type_more="Skriv {n} tecken till för att söka på namn",
    option_type_more_one="Skriv 1 tecken till för att söka på namn",
    option_type_phone="Skriv hela telefonnumret",
    option_no_match="Inga träffar på ”{query}”",
    option_search_failed="Kunde inte söka i Vitec just nu – försök igen",
    option_not_loaded="Listan kunde inte hämtas från Vitec just nu",
    error_choose_estate="Välj ett objekt.",
    error_choose_slot="Välj en visningstid.",
    error_slot_full="Tiden är fullbokad. Välj en annan tid eller stäng av platskontrollen.",
    error_slot_closed=(
        "Sista anmälningsdag har passerat. Välj en annan tid eller stäng av kontrollen."
    ),
    error_choose_contact="Välj en kontakt ur listan.",
    error_choose_lead_source="Välj en leadkälla ur listan.",
    error_sms_reminder_needs_time=(
        "Välj när påminnelsen ska skickas, eller bocka ur SMS-påminnelse."
    ),
    error_message_too_long="Meddelandet får vara högst {n} tecken.",
    error_no_upcoming="Objektet har inga kommande visningar att anmäla till.",
    error_vitec_prefix="Vitec: {message}",
    error_vitec_refused="Vitec avvisade anmälan.",
    error_already_booked="{name} är redan anmäld till den här visningen.",
    error_in_progress="Anmälan behandlas redan – resultatet kommer i kanalen.",
    error_not_found=(
        "Vitec känner inte igen visningen, tiden eller kontakten (404). Inget bokades. "
        "Välj objektet igen – visningen kan ha ändrats."
    ),
    error_ledger_unavailable=(
        "visningsbot kunde inte spara anmälan: databasen svarar inte just nu. Inget bokades. "
        "Försök igen om en stund."
    ),
    pending_title="Bokar…",
    pending_text=(
        ":hourglass_flowing_sand: Vitec svarar långsamt. Anmälan av *{name}* till *{address}* "
        "är skickad och resultatet postas i <#{channel}> så snart det är klart. "
        "Du kan stänga det här fönstret."
    ),
    result_title="Anmälan",
    result_booked=":white_check_mark: *{name}* är anmäld till *{address}*, {slot}.",
    result_already_booked=":information_source: *{name}* var redan anmäld till *{address}*.",
    result_refused=":x: Vitec avvisade anmälan: {message}",
    result_auth=(
        ":lock: Vitec godtog inte visningsbots inloggning (401). Ingen anmälan gjordes. "
        "Be den som administrerar visningsbot kontrollera VITEC_USERNAME och VITEC_PASSWORD."
    ),
    result_forbidden=(
        ":no_entry: Vitec nekade åtkomst till kontoret {office} (403). Ingen anmälan gjordes. "
        "Kontoret kan vara stängt, eller saknar visningsbot behörighet till det."
    ),
    result_unavailable=(
        ":warning: Vitec svarar inte som det ska just nu ({detail}). Ingen anmälan gjordes. "
        "Försök igen om en stund."
    ),
    result_unknown=(
        ":grey_question: Vitec svarade inte i tid och det går ännu inte att se om *{name}* "
        "blev anmäld. visningsbot kontrollerar och meddelar dig – anmäl inte igen under tiden."
    ),
    result_failed_retry="Inget bokades. Du kan försöka igen.",
    booked_message=":white_check_mark: *{name}* är anmäld till visningen av *{address}*",
    booked_fallback="{name} är anmäld till visningen av {address}, {slot}",
    already_booked_message=(
        ":information_source: *{name}* var redan anmäld till visningen av *{address}*"
    ),
    booking_time="*Tid:* {slot}",
    booking_reminder="*Påminnelse:* {when}",
    booking_reminder_none="*Påminnelse:* ingen",
    booking_reminder_sms="{when}, via SMS",
    booking_confirmations="*Bekräftelse:* {channels}",
    booking_confirmations_none="*Bekräftelse:* ingen",
    confirmation_mail="e-post",
    confirmation_sms="SMS",
    booking_participated="Markerad som deltagit",
    booked_by="Anmäld av <@{user}>",
    undo_button="Ångra",
    undo_confirm_title="Ångra anmälan?",
    undo_confirm_text="{name} tas bort från visningen av {address} i Vitec.",
    undo_confirm_yes="Ta bort",
    undo_confirm_no="Behåll",
    book_more_button="Anmäl fler",
    undone_message=(
        ":leftwards_arrow_with_hook: Anmälan av *{name}* till *{address}* ångrades av <@{user}>."
    ),
    undo_not_yours="Bara <@{user}>, som gjorde anmälan, kan ångra den.",
    undo_failed="Anmälan kunde inte ångras: {reason}",
    undo_already="Anmälan är redan ångrad.",
    undo_unknown="visningsbot känner inte till den anmälan längre; ångra den i Vitec.",
    failure_message=":x: Anmälan av *{name}* till *{address}* gick inte igenom: {reason}",
    reconciled_booked=(
        ":white_check_mark: Kontrollerat i Vitec: *{name}* är anmäld till *{address}*, {slot}."
    ),
    reconciled_not_booked=(
        ":x: Kontrollerat i Vitec: anmälan av *{name}* till *{address}* gick inte igenom. "
        "Anmäl igen med /visning."
    ),
    posted_privately_note="(Jag kunde inte posta i <#{channel}>, så du får resultatet här.)",
    help_text=(
        "*Så anmäler du en kontakt till en visning*\n"
        "• `/visning` öppnar formuläret.\n"
        "• `/visning Götgatan 14` eller `/visning <objektnummer>` väljer objektet åt dig.\n"
        "• `/visning historik` visar dina senaste anmälningar i den här kanalen.\n"
        "• `/visning hjälp` visar den här texten."
    ),
    history_title="*Dina senaste anmälningar här*",
    history_empty="Du har inte gjort några anmälningar i den här kanalen ännu.",
    status_pending="bokar…",
    status_booked="anmäld",
    status_already_booked="redan anmäld",
    status_refused="avvisad",
    status_failed="misslyckad",
    status_unknown="okänt utfall",
    status_removed="ångrad",
    open_failed="Formuläret kunde inte öppnas ({error}). Försök igen.",
    home_title="visningsbot",
    home_intro="Anmäl kontakter till visningar i Vitec utan att lämna Slack.",
    home_open_form="Anmäl till visning",
    home_upcoming="*Kommande visningar du anmält till*",
    home_upcoming_empty="Inga kommande anmälningar.",
    home_failures="*Anmälningar som inte gick igenom*",
    home_failures_empty="Inga misslyckade anmälningar.",
    weekdays="mån tis ons tor fre lör sön",
    months="jan feb mar apr maj jun jul aug sep okt nov dec",
    # --- Access policy and re-checks of what Slack echoes back ---------------------------------
    access_title="Ingen åtkomst",
    access_workspace="visningsbot är inte installerad i den här arbetsytan.",
    access_external=(
        "visningsbot är till för kontorets egna medarbetare i den här arbetsytan. "
        "Användare från andra organisationer kan inte använda den."
    ),
    access_unverified=(
        "visningsbot kunde inte kontrollera din behörighet i Slack just nu, så inget hämtades "
        "från Vitec. Försök igen om en stund."
    ),
    access_deactivated="Kontot är avaktiverat och kan inte använda visningsbot.",
    access_bot="visningsbot tar inte emot förfrågningar från botar eller appar.",
    access_guest=(
        "visningsbot är till för kontorets egna medarbetare; gäster i Slack kan inte använda "
        "den. Be en kollega anmäla kontakten."
    ),
    access_channel=("visningsbot används inte i den här kanalen. Använd `/visning` i {channels}."),
    access_group=(
        "visningsbot är bara öppen för vissa grupper i Slack, och du är inte med i någon av "
        "dem. Be den som administrerar visningsbot om åtkomst."
    ),
    access_option="Ingen åtkomst till Vitec via visningsbot",
    error_channel_not_allowed="visningsbot får inte posta där. Välj en kanal där den används.",
    error_office_mismatch=(
        "Formuläret gäller ett annat kontor än det visningsbot bokar i. Inget bokades. "
        "Öppna ett nytt formulär med /visning."
    ),
    error_slot_not_of_estate="Tiden hör inte till objektets visningar. Välj en tid i listan.",
    error_slot_unverified=(
        "Visningstiden kunde inte kontrolleras i Vitec just nu. Inget bokades. "
        "Försök igen om en stund."
    ),
    error_contact_unknown="Vitec känner inte till kontakten. Välj en kontakt ur listan.",
    error_contact_unverified=(
        "Kontakten kunde inte hämtas från Vitec just nu. Inget bokades. Försök igen om en stund."
    ),
    undo_not_booked="Bara en genomförd anmälan kan ångras; den här är {status}.",
)

EN = Catalogue(
    form_title="Book a viewing",
    form_submit="Book",
    form_close="Cancel",
    close_button="Close",
    estate_label="Property",
    estate_placeholder="Search address, area or reference",
    slot_label="Viewing time",
    slot_placeholder="Choose a time",
    slot_choose_estate_first="Choose a property and its viewing times appear here.",
    slot_none_upcoming="*{address}* has no upcoming viewings in Vitec.",
    slot_load_failed=(
        "Viewing times could not be loaded from Vitec. Choose the property again soon."
    ),
    slot_places_left="{n} places left",
    slot_one_place_left="1 place left",
    slot_full="fully booked",
    slot_closed="booking closed",
    slot_unlimited="open",
    contact_label="Contact",
    contact_placeholder="Name, phone, e-mail or personal number",
    contact_hint="Search with at least five letters of the name, or a phone number or e-mail.",
    reminder_label="Reminder",
    reminder_none="No reminder",
    reminder_30="30 minutes before",
    reminder_60="1 hour before",
    reminder_120="2 hours before",
    reminder_1440="1 day before",
    notify_label="Notify the contact",
    notify_sms_reminder="Reminder by SMS",
    notify_mail_confirmation="Confirmation by e-mail",
    notify_sms_confirmation="Confirmation by SMS",
    message_label="Message from the contact",
    message_placeholder="Saved on the lead in Vitec",
    lead_source_label="Lead source",
    lead_source_default="Office default source",
    checks_label="Checks",
    check_deadline="Check the booking deadline",
    check_capacity="Check the places left",
    check_participated="The contact has already attended",
    channel_label="Post the result in",
    option_type_more="Type {n} more characters to search by name",
    option_type_more_one="Type 1 more character to search by name",
    option_type_phone="Type the whole phone number",
    option_no_match="No matches for “{query}”",
    option_search_failed="Could not search Vitec right now – try again",
    option_not_loaded="The list could not be loaded from Vitec right now",
    error_choose_estate="Choose a property.",
    error_choose_slot="Choose a viewing time.",
    error_slot_full="This time is fully booked. Choose another or turn off the places check.",
    error_slot_closed="The booking deadline has passed. Choose another time or turn off the check.",
    error_choose_contact="Choose a contact from the list.",
    error_choose_lead_source="Choose a lead source from the list.",
    error_sms_reminder_needs_time="Choose when the reminder goes out, or untick SMS reminder.",
    error_message_too_long="The message can be at most {n} characters.",
    error_no_upcoming="This property has no upcoming viewings to book.",
    error_vitec_prefix="Vitec: {message}",
    error_vitec_refused="Vitec refused the booking.",
    error_already_booked="{name} is already booked on this viewing.",
    error_in_progress="This booking is already being processed – the result goes to the channel.",
    error_not_found=(
        "Vitec does not know the viewing, time or contact (404). Nothing was booked. "
        "Choose the property again – the viewing may have changed."
    ),
    error_ledger_unavailable=(
        "visningsbot could not save the booking: its database is not answering right now. "
        "Nothing was booked. Try again in a moment."
    ),
    pending_title="Booking…",
    pending_text=(
        ":hourglass_flowing_sand: Vitec is slow to answer. The booking of *{name}* for "
        "*{address}* is on its way and the result goes to <#{channel}> as soon as it is known. "
        "You can close this window."
    ),
    result_title="Booking",
    result_booked=":white_check_mark: *{name}* is booked for *{address}*, {slot}.",
    result_already_booked=":information_source: *{name}* was already booked for *{address}*.",
    result_refused=":x: Vitec refused the booking: {message}",
    result_auth=(
        ":lock: Vitec did not accept visningsbot's credentials (401). Nothing was booked. "
        "Ask whoever runs visningsbot to check VITEC_USERNAME and VITEC_PASSWORD."
    ),
    result_forbidden=(
        ":no_entry: Vitec denied access to office {office} (403). Nothing was booked. "
        "The office may be closed, or visningsbot lacks access to it."
    ),
    result_unavailable=(
        ":warning: Vitec is not answering properly right now ({detail}). Nothing was booked. "
        "Try again in a while."
    ),
    result_unknown=(
        ":grey_question: Vitec did not answer in time and it is not yet known whether *{name}* "
        "was booked. visningsbot is checking and will tell you – don't book again meanwhile."
    ),
    result_failed_retry="Nothing was booked. You can try again.",
    booked_message=":white_check_mark: *{name}* is booked for the viewing of *{address}*",
    booked_fallback="{name} is booked for the viewing of {address}, {slot}",
    already_booked_message=(
        ":information_source: *{name}* was already booked for the viewing of *{address}*"
    ),
    booking_time="*Time:* {slot}",
    booking_reminder="*Reminder:* {when}",
    booking_reminder_none="*Reminder:* none",
    booking_reminder_sms="{when}, by SMS",
    booking_confirmations="*Confirmation:* {channels}",
    booking_confirmations_none="*Confirmation:* none",
    confirmation_mail="e-mail",
    confirmation_sms="SMS",
    booking_participated="Marked as attended",
    booked_by="Booked by <@{user}>",
    undo_button="Undo",
    undo_confirm_title="Undo booking?",
    undo_confirm_text="{name} is removed from the viewing of {address} in Vitec.",
    undo_confirm_yes="Remove",
    undo_confirm_no="Keep",
    book_more_button="Book more",
    undone_message=(
        ":leftwards_arrow_with_hook: The booking of *{name}* for *{address}* "
        "was undone by <@{user}>."
    ),
    undo_not_yours="Only <@{user}>, who made the booking, can undo it.",
    undo_failed="The booking could not be undone: {reason}",
    undo_already="The booking is already undone.",
    undo_unknown="visningsbot no longer knows that booking; undo it in Vitec.",
    failure_message=":x: The booking of *{name}* for *{address}* did not go through: {reason}",
    reconciled_booked=(
        ":white_check_mark: Checked in Vitec: *{name}* is booked for *{address}*, {slot}."
    ),
    reconciled_not_booked=(
        ":x: Checked in Vitec: the booking of *{name}* for *{address}* did not go through. "
        "Book again with /visning."
    ),
    posted_privately_note="(I could not post in <#{channel}>, so you get the result here.)",
    help_text=(
        "*How to book a contact onto a viewing*\n"
        "• `/visning` opens the form.\n"
        "• `/visning Götgatan 14` or `/visning <reference>` picks the property for you.\n"
        "• `/visning history` shows your recent bookings in this channel.\n"
        "• `/visning help` shows this text."
    ),
    history_title="*Your recent bookings here*",
    history_empty="You have not made any bookings in this channel yet.",
    status_pending="booking…",
    status_booked="booked",
    status_already_booked="already booked",
    status_refused="refused",
    status_failed="failed",
    status_unknown="outcome unknown",
    status_removed="undone",
    open_failed="The form could not be opened ({error}). Please try again.",
    home_title="visningsbot",
    home_intro="Book contacts onto viewings in Vitec without leaving Slack.",
    home_open_form="Book a viewing",
    home_upcoming="*Upcoming viewings you booked*",
    home_upcoming_empty="No upcoming bookings.",
    home_failures="*Bookings that did not go through*",
    home_failures_empty="No failed bookings.",
    weekdays="Mon Tue Wed Thu Fri Sat Sun",
    months="Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    # --- Access policy and re-checks of what Slack echoes back ---------------------------------
    access_title="No access",
    access_workspace="visningsbot is not installed in this workspace.",
    access_external=(
        "visningsbot is for the office's own staff in this workspace. "
        "Users from other organisations cannot use it."
    ),
    access_unverified=(
        "visningsbot could not check your access in Slack right now, so nothing was read from "
        "Vitec. Try again in a moment."
    ),
    access_deactivated="This account is deactivated and cannot use visningsbot.",
    access_bot="visningsbot does not take requests from bots or apps.",
    access_guest=(
        "visningsbot is for the office's own staff; Slack guests cannot use it. "
        "Ask a colleague to book the contact."
    ),
    access_channel="visningsbot is not used in this channel. Use `/visning` in {channels}.",
    access_group=(
        "visningsbot is open only to certain Slack groups, and you are in none of them. "
        "Ask whoever runs visningsbot for access."
    ),
    access_option="No access to Vitec through visningsbot",
    error_channel_not_allowed="visningsbot may not post there. Choose a channel where it is used.",
    error_office_mismatch=(
        "This form is for another office than the one visningsbot books in. Nothing was booked. "
        "Open a new form with /visning."
    ),
    error_slot_not_of_estate=(
        "That time is not one of the property's viewings. Choose a time from the list."
    ),
    error_slot_unverified=(
        "The viewing time could not be checked in Vitec right now. Nothing was booked. "
        "Try again in a while."
    ),
    error_contact_unknown="Vitec does not know this contact. Choose a contact from the list.",
    error_contact_unverified=(
        "The contact could not be read from Vitec right now. Nothing was booked. "
        "Try again in a while."
    ),
    undo_not_booked="Only a completed booking can be undone; this one is {status}.",
)

CATALOGUES: dict[Language, Catalogue] = {"sv": SV, "en": EN}
TEXT_FIELDS = tuple(f.name for f in fields(Catalogue))


def texts(language: str) -> Catalogue:
    """The catalogue for a language code; anything but English gets Swedish."""
    return EN if language == "en" else SV


def language_for_locale(locale: str | None, default: Language = "sv") -> Language:
    """Map a Slack user locale (``sv-SE``, ``en-US``) to the bot's language."""
    if not locale:
        return default
    prefix = locale.split("-")[0].lower()
    if prefix == "en":
        return "en"
    if prefix == "sv":
        return "sv"
    return default
