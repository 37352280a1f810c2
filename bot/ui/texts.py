"""Every sentence the bot shows, in Swedish and English: one catalogue per language.

Where a text shows decides how it is written. Slack shows plain text — no emoji codes, no
``*bold*`` — in modal titles, labels, hints, select and checkbox options, button labels and the
inline errors of ``response_action: errors``; those fields are listed in ``PLAIN_TEXT_FIELDS``
and a test holds them to it. Section and context blocks and messages are mrkdwn.

Vitec's own sentences are Swedish; they are shown framed ("Vitec svarar: …" /
"Vitec says (in Swedish): …") and the sentence around them says what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Catalogue:
    """The bot's texts in one language; placeholders in braces are filled with str.format."""

    # The form (plain text, except the context notes)
    form_title: str
    form_submit: str
    form_close: str
    close_button: str
    estate_label: str
    estate_placeholder: str
    estate_not_found: str
    estate_suggestion: str
    estate_ambiguous: str
    estate_list_loading: str
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
    reminder_hint: str
    reminder_none: str
    reminder_30: str
    reminder_60: str
    reminder_120: str
    reminder_1440: str
    reminder_by_sms: str
    reminder_by_mail: str
    notify_label: str
    notify_mail_confirmation: str
    notify_sms_confirmation: str
    message_label: str
    message_placeholder: str
    lead_source_label: str
    lead_source_hint: str
    lead_source_default: str
    attendance_label: str
    check_participated: str
    checks_label: str
    checks_hint: str
    check_deadline: str
    check_capacity: str
    channel_label: str
    # Picker answers (plain text; a line break starts another option)
    option_type_more: str
    option_type_more_one: str
    option_short_name: str
    option_type_phone: str
    option_no_match: str
    option_estate_help: str
    option_contact_help: str
    option_list_loading: str
    option_auth: str
    option_forbidden: str
    option_unavailable: str
    # What stops the bot from reading Vitec (plain text)
    problem_auth: str
    problem_forbidden: str
    problem_unavailable: str
    trouble_server: str
    trouble_busy: str
    trouble_timeout: str
    trouble_connect: str
    trouble_garbled: str
    trouble_other: str
    # Inline errors (plain text)
    error_choose_estate: str
    error_hint_estate: str
    error_estate_changed: str
    error_choose_slot: str
    error_slot_full: str
    error_slot_closed: str
    error_choose_contact: str
    error_hint_contact: str
    error_choose_lead_source: str
    error_message_too_long: str
    error_no_upcoming: str
    vitec_says: str
    next_slot: str
    next_lead_source: str
    next_contact: str
    next_message: str
    next_reminder: str
    next_rebook: str
    error_vitec_no_reason: str
    error_already_booked: str
    error_not_found: str
    error_ledger_unavailable: str
    error_unavailable: str
    # Outcome views (mrkdwn)
    pending_title: str
    pending_text: str
    pending_checking_text: str
    in_progress_text: str
    result_title: str
    result_booked: str
    result_already_booked: str
    result_refused: str
    result_not_booked: str
    result_unknown: str
    result_failed_retry: str
    # Messages (mrkdwn)
    booked_message: str
    booked_fallback: str
    already_booked_message: str
    booking_time: str
    booking_reminder: str
    booking_reminder_none: str
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
    undo_outcome_unknown: str
    undo_still_booked: str
    undo_refused: str
    undo_already: str
    undo_unknown: str
    failure_message: str
    reconciled_not_booked: str
    posted_privately_note: str
    # Commands
    help_text: str
    history_title: str
    history_empty: str
    history_failure: str
    status_pending: str
    status_booked: str
    status_already_booked: str
    status_refused: str
    status_failed: str
    status_unknown: str
    status_removed: str
    reason_no_reason: str
    reason_not_found: str
    reason_not_in_vitec: str
    reason_ledger_late: str
    reason_unknown: str
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
    option_audit_failed: str
    # --- The message shortcut: the form pre-filled from a message ------------------------------
    contact_note_several: str
    contact_note_none: str
    contact_note_failed: str
    thread_note: str
    # --- Following an estate: bookings made elsewhere, posted in the channel --------------------
    follow_started: str
    follow_already: str
    follow_stopped: str
    follow_not_following: str
    follow_which: str
    follow_not_found: str
    follow_suggestion: str
    follow_ambiguous: str
    follow_loading: str
    follow_no_channel: str
    follow_limit: str
    follow_failed: str
    web_booking: str
    web_booking_no_time: str
    someone: str
    # --- The Workflow Builder step: its outputs and errors, read by an office admin -------------
    step_booked: str
    step_already: str
    step_failed: str
    step_unknown: str
    step_estate_missing: str
    step_estate_not_found: str
    step_estate_ambiguous: str
    step_time_missing: str
    step_no_slot: str
    step_no_slots: str
    step_contact_missing: str
    step_contact_not_found: str
    step_contact_new: str
    step_new_contact_invalid: str
    step_contact_several: str
    step_reminder_unknown: str
    step_vitec_trouble: str
    new_contact_button: str
    search_contact_button: str
    bulk_button: str
    single_button: str
    new_first_name_label: str
    new_last_name_label: str
    new_mobile_label: str
    new_email_label: str
    new_contact_note: str
    option_contact_new: str
    error_new_missing: str
    error_new_too_long: str
    error_new_not_a_name: str
    error_new_not_a_phone: str
    error_new_not_an_email: str
    error_new_phone_or_email: str
    contact_created: str
    contact_found: str
    bulk_contacts_label: str
    bulk_contacts_hint: str
    error_bulk_choose: str
    error_bulk_too_many: str
    error_bulk_no_room: str
    bulk_header: str
    bulk_room: str
    bulk_fallback: str
    bulk_line_pending: str
    bulk_line_booked: str
    bulk_line_already: str
    bulk_line_full: str
    bulk_line_refused: str
    bulk_line_failed: str
    bulk_line_unknown: str
    bulk_line_removed: str
    bulk_undo_button: str
    who_button: str
    who_list: str
    who_nobody: str
    who_more: str
    who_in_picker: str
    who_failed: str
    reason_no_room: str
    # --- Workspaces (OAuth mode): the admin's Vitec connection and the channels' offices -------
    setup_not_connected: str
    setup_title: str
    setup_offices: str
    setup_no_offices: str
    setup_office_line: str
    setup_who: str
    setup_connect_button: str
    setup_modal_title: str
    setup_modal_submit: str
    setup_modal_intro: str
    setup_username_label: str
    setup_password_label: str
    setup_password_hint: str
    setup_offices_label: str
    setup_offices_hint: str
    setup_group_label: str
    setup_group_hint: str
    setup_error_required: str
    setup_error_too_long: str
    setup_error_office_id: str
    setup_error_too_many_offices: str
    setup_error_group: str
    setup_error_refused: str
    setup_error_office_denied: str
    setup_error_unreachable: str
    setup_error_odd_answer: str
    setup_not_admin: str
    office_current: str
    office_none: str
    office_set: str
    office_unknown: str
    setup_channels: str
    setup_channel_line: str
    setup_channel_pick: str
    setup_office_pick: str


PLAIN_TEXT_FIELDS = (
    "form_title",
    "form_submit",
    "form_close",
    "close_button",
    "estate_label",
    "estate_placeholder",
    "slot_label",
    "slot_placeholder",
    "slot_places_left",
    "slot_one_place_left",
    "slot_full",
    "slot_closed",
    "slot_unlimited",
    "contact_label",
    "contact_placeholder",
    "contact_hint",
    "reminder_label",
    "reminder_hint",
    "reminder_none",
    "reminder_30",
    "reminder_60",
    "reminder_120",
    "reminder_1440",
    "reminder_by_sms",
    "reminder_by_mail",
    "notify_label",
    "notify_mail_confirmation",
    "notify_sms_confirmation",
    "message_label",
    "message_placeholder",
    "lead_source_label",
    "lead_source_hint",
    "lead_source_default",
    "attendance_label",
    "check_participated",
    "checks_label",
    "checks_hint",
    "check_deadline",
    "check_capacity",
    "channel_label",
    "option_type_more",
    "option_type_more_one",
    "option_short_name",
    "option_type_phone",
    "option_no_match",
    "option_estate_help",
    "option_contact_help",
    "option_list_loading",
    "option_auth",
    "option_forbidden",
    "option_unavailable",
    "problem_auth",
    "problem_forbidden",
    "problem_unavailable",
    "trouble_server",
    "trouble_busy",
    "trouble_timeout",
    "trouble_connect",
    "trouble_garbled",
    "trouble_other",
    "error_choose_estate",
    "error_hint_estate",
    "error_estate_changed",
    "error_choose_slot",
    "error_slot_full",
    "error_slot_closed",
    "error_choose_contact",
    "error_hint_contact",
    "error_choose_lead_source",
    "error_message_too_long",
    "error_no_upcoming",
    "vitec_says",
    "next_slot",
    "next_lead_source",
    "next_contact",
    "next_message",
    "next_reminder",
    "next_rebook",
    "error_vitec_no_reason",
    "error_already_booked",
    "error_not_found",
    "error_unavailable",
    "error_ledger_unavailable",
    "option_audit_failed",
    "setup_connect_button",
    "setup_modal_title",
    "setup_modal_submit",
    "setup_username_label",
    "setup_password_label",
    "setup_password_hint",
    "setup_offices_label",
    "setup_offices_hint",
    "setup_group_label",
    "setup_group_hint",
    "setup_error_required",
    "setup_error_too_long",
    "setup_error_office_id",
    "setup_error_too_many_offices",
    "setup_error_group",
    "setup_channel_pick",
    "setup_office_pick",
    "setup_error_refused",
    "setup_error_office_denied",
    "setup_error_unreachable",
    "setup_error_odd_answer",
    "access_option",
    "error_channel_not_allowed",
    "error_office_mismatch",
    "error_slot_not_of_estate",
    "error_slot_unverified",
    "error_contact_unknown",
    "error_contact_unverified",
    "pending_title",
    "result_title",
    "undo_button",
    "undo_confirm_title",
    "undo_confirm_yes",
    "undo_confirm_no",
    "book_more_button",
    "undo_outcome_unknown",
    "undo_still_booked",
    "undo_refused",
    "reason_no_reason",
    "reason_not_found",
    "reason_not_in_vitec",
    "reason_ledger_late",
    "reason_unknown",
    "home_title",
    "home_open_form",
    "new_contact_button",
    "search_contact_button",
    "bulk_button",
    "single_button",
    "new_first_name_label",
    "new_last_name_label",
    "new_mobile_label",
    "new_email_label",
    "option_contact_new",
    "error_new_missing",
    "error_new_too_long",
    "error_new_not_a_name",
    "error_new_not_a_phone",
    "error_new_not_an_email",
    "error_new_phone_or_email",
    "bulk_contacts_label",
    "bulk_contacts_hint",
    "error_bulk_choose",
    "error_bulk_too_many",
    "error_bulk_no_room",
    "bulk_undo_button",
    "who_button",
    "reason_no_room",
)
"""Texts Slack shows as plain text (or that are built into such texts): no mrkdwn in them."""
OPTION_LINE_FIELDS = tuple(f for f in PLAIN_TEXT_FIELDS if f.startswith("option_"))
"""Picker answers: each line becomes one option, so each line must fit an option (75)."""

SV = Catalogue(
    form_title="Anmäl till visning",
    form_submit="Anmäl",
    form_close="Avbryt",
    close_button="Stäng",
    estate_label="Objekt",
    estate_placeholder="Sök adress, område eller objektnummer",
    estate_not_found="Inget objekt matchar ”{text}”. Sök på adress eller objektnummer nedan.",
    estate_suggestion="Inget objekt matchar ”{text}”. Menade du *{address}*? Sök på det nedan.",
    estate_ambiguous="”{text}” passar flera objekt. Välj rätt objekt i listan nedan.",
    estate_list_loading=(
        "Objektlistan hämtas från Vitec just nu, så ”{text}” kunde inte väljas åt dig. "
        "Sök objektet nedan om en stund."
    ),
    slot_label="Visningstid",
    slot_placeholder="Välj tid",
    slot_choose_estate_first="Välj ett objekt så visas dess visningstider här.",
    slot_none_upcoming=(
        "*{address}* har inga kommande visningar i Vitec. Välj ett annat objekt, "
        "eller lägg in en visning i Vitec och välj objektet igen."
    ),
    slot_load_failed="Visningstiderna kunde inte hämtas. {problem}",
    slot_places_left="{n} platser kvar",
    slot_one_place_left="1 plats kvar",
    slot_full="fullbokad",
    slot_closed="anmälan stängd",
    slot_unlimited="inget platstak",
    contact_label="Kontakt",
    contact_placeholder="Namn, telefon, e-post eller personnummer",
    contact_hint=(
        "Sök på minst fem tecken av namnet – har kontakten ett kort efternamn, skriv förnamn "
        "och efternamn (Eva Ek). Telefonnummer, e-postadress och personnummer går också."
    ),
    reminder_label="Påminnelse till kontakten",
    reminder_hint="Vitec skickar påminnelsen till kontakten före visningen, via SMS eller e-post.",
    reminder_none="Ingen påminnelse",
    reminder_30="30 minuter före",
    reminder_60="1 timme före",
    reminder_120="2 timmar före",
    reminder_1440="1 dag före",
    reminder_by_sms="{when}, via SMS",
    reminder_by_mail="{when}, via e-post",
    notify_label="Bekräftelse till kontakten",
    notify_mail_confirmation="Via e-post",
    notify_sms_confirmation="Via SMS",
    message_label="Meddelande från kontakten",
    message_placeholder="Sparas på leadet i Vitec",
    lead_source_label="Leadkälla",
    lead_source_hint=(
        "Leadet som anmälan skapar i Vitec får den här källan. Källor med ett arbetsflöde "
        "tar Vitec inte emot, så de visas inte."
    ),
    lead_source_default="Kontorets standardkälla",
    attendance_label="Deltagande",
    check_participated="Kontakten har redan varit på visningen",
    checks_label="Kontroller i Vitec",
    checks_hint="Bocka ur en kontroll för att boka ändå.",
    check_deadline="Kontrollera sista anmälningsdag",
    check_capacity="Kontrollera antal platser",
    channel_label="Posta resultatet i",
    option_type_more="Skriv {n} tecken till för att söka på namn",
    option_type_more_one="Skriv 1 tecken till för att söka på namn",
    option_short_name="Kort efternamn? Skriv förnamn och efternamn, t.ex. Eva Ek",
    option_type_phone="Skriv hela telefonnumret",
    option_no_match="Inga träffar på ”{query}”",
    option_estate_help="Sök på gatuadress, område eller objektnummer",
    option_contact_help="Sök på namn, telefonnummer, e-post eller personnummer",
    option_list_loading="Objektlistan hämtas från Vitec\nFörsök igen om en stund",
    option_auth=(
        "visningsbot kommer inte in i Vitec\n"
        "Be den som administrerar boten kontrollera inloggningen"
    ),
    option_forbidden=(
        "Vitec nekar visningsbot åtkomst till kontoret {office}\n"
        "Be den som administrerar boten kontrollera det"
    ),
    option_unavailable="Vitec svarar inte just nu\nFörsök igen om en stund",
    problem_auth=(
        "visningsbot kommer inte in i Vitec — be den som administrerar boten "
        "kontrollera inloggningen."
    ),
    problem_forbidden=(
        "Vitec nekar visningsbot åtkomst till kontoret {office}. Kontoret kan vara stängt "
        "i Vitec — be den som administrerar boten kontrollera det."
    ),
    problem_unavailable=(
        "Vitec svarar inte som det ska just nu ({trouble}). Försök igen om en stund."
    ),
    trouble_server="serverfel",
    trouble_busy="för många anrop",
    trouble_timeout="inget svar i tid",
    trouble_connect="ingen anslutning",
    trouble_garbled="oväntat svar",
    trouble_other="okänt fel",
    error_choose_estate="Välj ett objekt i listan.",
    error_hint_estate=(
        "Det du valde är en upplysning, inget objekt. Sök på adress eller objektnummer "
        "och välj ett objekt i listan."
    ),
    error_estate_changed="Visningstiderna för objektet har inte visats än. Välj objektet igen.",
    error_choose_slot="Välj en visningstid.",
    error_slot_full=(
        "Tiden är fullbokad. Välj en annan tid, eller boka ändå genom att bocka ur "
        "”{check}” och anmäla igen."
    ),
    error_slot_closed=(
        "Sista anmälningsdag har passerat. Välj en annan tid, eller boka ändå genom att "
        "bocka ur ”{check}” och anmäla igen."
    ),
    error_choose_contact="Välj en kontakt i listan.",
    error_hint_contact=(
        "Det du valde är en upplysning, ingen kontakt. Sök igen och välj en kontakt i listan."
    ),
    error_choose_lead_source="Välj en leadkälla i listan.",
    error_message_too_long="Meddelandet får vara högst {n} tecken. Korta det och anmäl igen.",
    error_no_upcoming="Välj ett objekt som har kommande visningar.",
    vitec_says="Vitec svarar: ”{message}”",
    next_slot="Välj en annan tid, eller kontrollera visningen i Vitec.",
    next_lead_source="Välj en annan leadkälla, eller kontorets standardkälla.",
    next_contact="Välj en annan kontakt, eller kontrollera kontakten i Vitec.",
    next_message="Ändra meddelandet och anmäl igen.",
    next_reminder="Välj en annan påminnelse.",
    next_rebook="Ändra valen och anmäl igen med /visning.",
    error_vitec_no_reason=(
        "Vitec tog inte emot anmälan och angav inget skäl. Kontrollera valen och anmäl igen, "
        "eller anmäl kontakten direkt i Vitec."
    ),
    error_already_booked="{name} är redan anmäld till den här visningen. Inget mer behöver göras.",
    error_not_found=(
        "Vitec hittar inte längre visningen, tiden eller kontakten, så inget bokades. "
        "Välj objektet igen – visningen kan ha ändrats."
    ),
    error_ledger_unavailable=(
        "visningsbot kunde inte spara anmälan: databasen svarar inte just nu. Inget bokades. "
        "Försök igen om en stund."
    ),
    error_unavailable=(
        "Vitec svarar inte som det ska just nu ({trouble}). Ingen anmälan gjordes – "
        "anmäl igen om en stund."
    ),
    pending_title="Bokar…",
    pending_text=(
        ":hourglass_flowing_sand: Vitec svarar långsamt. Anmälan av *{name}* till *{address}* "
        "är skickad och resultatet postas i <#{channel}> så snart det är klart. "
        "Du kan stänga det här fönstret."
    ),
    pending_checking_text=(
        ":hourglass_flowing_sand: Vitec svarar långsamt. Anmälan till *{address}* kontrolleras "
        "och skickas, och resultatet postas i <#{channel}> så snart det är klart. "
        "Du kan stänga det här fönstret."
    ),
    in_progress_text=(
        ":hourglass_flowing_sand: Anmälan behandlas redan, och resultatet kommer i kanalen. "
        "Du kan stänga det här fönstret."
    ),
    result_title="Anmälan",
    result_booked=":white_check_mark: *{name}* är anmäld till *{address}*, {slot}.",
    result_already_booked=(
        ":information_source: *{name}* var redan anmäld till *{address}*. Inget mer behöver göras."
    ),
    result_refused=":x: Vitec tog inte emot anmälan. {reason}",
    result_not_booked=":x: {problem} Ingen anmälan gjordes.",
    result_unknown=(
        ":grey_question: Vitec svarade inte i tid och det går ännu inte att se om *{name}* "
        "blev anmäld. visningsbot kontrollerar och meddelar dig – anmäl inte igen under tiden."
    ),
    result_failed_retry=":x: Den här anmälan gick inte igenom förra gången. Anmäl igen.",
    booked_message=":white_check_mark: *{name}* är anmäld till visningen av *{address}*",
    booked_fallback="{name} är anmäld till visningen av {address}, {slot}",
    already_booked_message=(
        ":information_source: *{name}* var redan anmäld till visningen av *{address}*"
    ),
    booking_time="*Tid:* {slot}",
    booking_reminder="*Påminnelse:* {when}",
    booking_reminder_none="*Påminnelse:* ingen",
    booking_confirmations="*Bekräftelse:* {channels}",
    booking_confirmations_none="*Bekräftelse:* ingen",
    confirmation_mail="e-post",
    confirmation_sms="SMS",
    booking_participated="Markerad som deltagit",
    booked_by="Anmäld av <@{user}>",
    undo_button="Ångra",
    undo_confirm_title="Ångra anmälan?",
    undo_confirm_text="*{name}* tas bort från visningen av *{address}*, {slot}, i Vitec.",
    undo_confirm_yes="Ta bort",
    undo_confirm_no="Behåll",
    book_more_button="Anmäl fler",
    undone_message=(
        ":leftwards_arrow_with_hook: Anmälan av *{name}* till *{address}* ångrades av <@{user}>."
    ),
    undo_not_yours="Bara <@{user}>, som gjorde anmälan, kan ångra den – be hen om det.",
    undo_failed="Anmälan kunde inte ångras. {reason}",
    undo_outcome_unknown=(
        "Vitec svarade inte i tid, så det är oklart om anmälan togs bort. "
        "Kontrollera visningen i Vitec innan du försöker igen."
    ),
    undo_still_booked="Anmälan finns kvar i Vitec. {problem}",
    undo_refused="{vitec} Ta bort anmälan direkt i Vitec i stället.",
    undo_already="Anmälan är redan ångrad.",
    undo_unknown=(
        "visningsbot minns inte den här anmälan längre, så den kan inte ångras här. "
        "Ta bort den direkt i Vitec."
    ),
    failure_message=":x: Anmälan av *{name}* till *{address}* gick inte igenom. {reason}",
    reconciled_not_booked=(
        ":x: Kontrollerat i Vitec: anmälan av *{name}* till *{address}* gick inte igenom. "
        "Anmäl igen med /visning."
    ),
    posted_privately_note=(
        "(visningsbot kunde inte posta i <#{channel}>, så du får resultatet här. "
        "Bjud in visningsbot till kanalen om resultaten ska synas där.)"
    ),
    help_text=(
        "*Så anmäler du en kontakt till en visning*\n"
        "• `/visning` öppnar formuläret.\n"
        "• `/visning Götgatan 14` eller `/visning <objektnummer>` väljer objektet åt dig.\n"
        "• Kontakten hittar du på minst fem tecken av namnet, på för- och efternamn "
        "(Eva Ek), telefonnummer, e-post eller personnummer.\n"
        "• `/visning historik` visar dina senaste anmälningar i den här kanalen.\n"
        "• `/visning bevaka Götgatan 14` visar här anmälningar som görs på webben till objektet; "
        "`/visning sluta bevaka Götgatan 14` slutar.\n"
        "• *Anmäl till visning* i ett meddelandes meny fyller i formuläret från meddelandet och "
        "svarar i tråden.\n"
        "• `/visning hjälp` visar den här texten."
    ),
    history_title="*Dina senaste anmälningar här*",
    history_empty="Du har inte gjort några anmälningar i den här kanalen ännu.",
    history_failure="{status} {when}: {reason}",
    status_pending="bokar…",
    status_booked="anmäld",
    status_already_booked="redan anmäld",
    status_refused="avvisad",
    status_failed="misslyckad",
    status_unknown="okänt utfall",
    status_removed="ångrad",
    reason_no_reason="Vitec angav inget skäl.",
    reason_not_found="Vitec hittade inte visningen, tiden eller kontakten.",
    reason_not_in_vitec="Vitec visade ingen anmälan när det kontrollerades efteråt.",
    reason_ledger_late="visningsbot kunde inte spara anmälan i tid, så ingenting bokades.",
    reason_unknown="Vitec svarade inte i tid; visningsbot kontrollerar om anmälan gick igenom.",
    open_failed=(
        "Formuläret kunde inte öppnas (Slack svarade ”{error}”). Skriv /visning igen – "
        "formuläret måste öppnas inom några sekunder."
    ),
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
    option_audit_failed="Sökningen kunde inte loggas\nFörsök igen om en stund",
    contact_note_several=(
        "Meddelandet nämner {n} kontakter som finns i Vitec. Välj den som ska anmälas nedan."
    ),
    contact_note_none=(
        "Ingen kontakt i Vitec har telefonnumret, e-postadressen eller personnumret i "
        "meddelandet. Sök på namnet nedan."
    ),
    contact_note_failed=(
        "Kontakten i meddelandet kunde inte sökas fram i Vitec just nu. Sök på den nedan."
    ),
    thread_note="Resultatet postas i tråden till meddelandet i <#{channel}>.",
    follow_started=(
        "Kanalen bevakar nu *{address}*: anmälningar som görs på webben eller direkt i Vitec "
        "visas här. (visningsbot måste vara medlem i kanalen: `/invite @visningsbot`.)"
    ),
    follow_already="Kanalen bevakar redan *{address}*.",
    follow_stopped="Kanalen bevakar inte längre *{address}*.",
    follow_not_following="Kanalen bevakar inte *{address}*, så det finns inget att sluta med.",
    follow_which=(
        "Skriv vilket objekt: `/visning bevaka Götgatan 14` eller "
        "`/visning sluta bevaka Götgatan 14` (adress eller objektnummer)."
    ),
    follow_not_found=(
        "Inget objekt till salu eller på gång matchar ”{text}”. Skriv adressen eller "
        "objektnumret, t.ex. `/visning bevaka Götgatan 14`."
    ),
    follow_suggestion="Inget objekt matchar ”{text}”. Menade du *{address}*?",
    follow_ambiguous="”{text}” passar flera objekt. Skriv hela adressen eller objektnumret.",
    follow_loading="Objektlistan hämtas från Vitec just nu. Försök igen om en stund.",
    follow_no_channel="Bevakning gäller en kanal: skriv kommandot i kanalen som ska bevaka.",
    follow_limit=("Kanalen bevakar redan {n} objekt, så många som går. Sluta bevaka något först."),
    follow_failed="Bevakningen kunde inte sparas just nu. Inget ändrades. Försök igen om en stund.",
    web_booking="{name} anmälde sig via webben till {address}, {when}",
    web_booking_no_time="{name} anmälde sig via webben till {address}",
    someone="En kontakt",
    step_booked="{name} är anmäld till visningen av {address}, {slot}.",
    step_already="{name} var redan anmäld till visningen av {address}, {slot}.",
    step_failed="{name} anmäldes inte till visningen av {address}. {reason}",
    step_unknown=(
        "Vitec svarade inte i tid om {name} på {address}. Kontrollera i Vitec om kontakten "
        "blev anmäld innan steget körs igen."
    ),
    step_estate_missing="Ange objektet: adressen eller objektnumret, t.ex. Götgatan 14.",
    step_estate_not_found=(
        "Objektet ”{text}” finns inte bland kontorets objekt till salu eller på gång. "
        "Ange adressen eller objektnumret som det står i Vitec."
    ),
    step_estate_ambiguous="”{text}” passar flera objekt. Ange hela adressen eller objektnumret.",
    step_time_missing="Ange visningstiden (datum och klockslag).",
    step_no_slot="{address} har ingen visningstid {when}. Kommande tider: {slots}.",
    step_no_slots="{address} har inga kommande visningar att anmäla till.",
    step_contact_missing="Ange kontaktens mobilnummer, e-postadress eller personnummer.",
    step_contact_not_found=(
        "Ingen kontakt i Vitec har ”{text}”. Fyll i Förnamn och Efternamn i steget så läggs "
        "kontakten in, eller kontrollera numret eller adressen."
    ),
    step_contact_new=(
        "”{text}” ser ut som ett namn. Ange kontaktens mobilnummer, e-post eller personnummer "
        "i Kontakt; för en ny kontakt namnet i Förnamn och Efternamn."
    ),
    step_new_contact_invalid=(
        "Kontakten finns inte i Vitec och kunde inte läggas in: Förnamn och Efternamn ska vara "
        "namn, och Kontakt ett mobilnummer eller en e-postadress."
    ),
    step_contact_several=(
        "{n} kontakter i Vitec har ”{text}”. Ange e-postadressen eller personnumret i stället."
    ),
    step_reminder_unknown=(
        "Påminnelsen ”{text}” känns inte igen. Välj ingen, eller SMS eller e-post "
        "30 min, 1 timme, 2 timmar eller 1 dag före."
    ),
    step_vitec_trouble="Inget bokades: {problem}",
    new_contact_button="Ny kontakt",
    search_contact_button="Sök befintlig kontakt",
    bulk_button="Anmäl flera",
    single_button="En kontakt",
    new_first_name_label="Förnamn",
    new_last_name_label="Efternamn",
    new_mobile_label="Mobil",
    new_email_label="E-post",
    new_contact_note=(
        "Vitec letar först efter en kontakt med samma namn och samma mobil eller e-post "
        "och skapar en ny bara om ingen finns."
    ),
    option_contact_new="Inte i Vitec? Välj Ny kontakt under listan",
    error_new_missing="Fyll i fältet.",
    error_new_too_long="Högst {n} tecken.",
    error_new_not_a_name="Skriv bara bokstäver, mellanslag, bindestreck eller apostrof.",
    error_new_not_a_phone="Skriv ett mobilnummer, t.ex. 070-123 45 67.",
    error_new_not_an_email="Skriv en e-postadress, t.ex. anna@exempel.se.",
    error_new_phone_or_email=(
        "Fyll i mobil eller e-post: Vitec behöver en av dem för att hitta eller skapa kontakten."
    ),
    contact_created="Ny kontakt skapad i Vitec",
    contact_found="Fanns redan i Vitec (samma namn och mobil eller e-post)",
    bulk_contacts_label="Kontakter (högst {n})",
    bulk_contacts_hint="Sök som i kontaktlistan; alla anmäls till samma tid med samma val.",
    error_bulk_choose="Välj minst en kontakt i listan.",
    error_bulk_too_many="Högst {n} kontakter åt gången.",
    error_bulk_no_room=(
        "Tiden är fullbokad: ingen av de {total} får plats. Välj en annan tid, eller boka "
        "utan platskontrollen."
    ),
    bulk_header="*Anmälan av {total} till visningen av {address}*\n{slot}",
    bulk_room="{fit} av {total} får plats",
    bulk_fallback="Anmälan av {total} till visningen av {address}",
    bulk_line_pending=":hourglass_flowing_sand: {name} – bokar…",
    bulk_line_booked=":white_check_mark: {name} – anmäld",
    bulk_line_already=":information_source: {name} – var redan anmäld",
    bulk_line_full=":no_entry: {name} – får inte plats",
    bulk_line_refused=":x: {name} – Vitec svarar: ”{reason}”",
    bulk_line_failed=":x: {name} – inte anmäld: {reason}",
    bulk_line_unknown=":grey_question: {name} – oklart om anmälan gick fram; kontrolleras i Vitec",
    bulk_line_removed=":leftwards_arrow_with_hook: {name} – ångrad",
    bulk_undo_button="Ångra {name}",
    who_button="Vem kommer?",
    who_list="*Anmälda till {address}, {slot}*\n{names}",
    who_nobody="Ingen är anmäld till {address}, {slot} ännu.",
    who_more="och {n} till",
    who_in_picker="Anmälda till {slot} – {names}",
    who_failed="Listan över anmälda kunde inte hämtas från Vitec just nu. Försök igen om en stund.",
    reason_no_room="Fick inte plats: tiden var fullbokad",
    setup_not_connected=(
        "visningsbot är inte kopplad till Vitec i den här arbetsytan ännu. "
        "Be en administratör öppna visningsbot i Slack (fliken Hem) och välja Koppla Vitec."
    ),
    setup_title="*Vitec-koppling*",
    setup_offices="Kontor som visningsbot bokar i:",
    setup_no_offices="Inget kontor är kopplat ännu. Välj Koppla Vitec för att börja.",
    setup_office_line="• {office} (användare {username}, sparad {when})",
    setup_who=(
        "Bara arbetsytans administratörer{group} ser och ändrar kopplingen. "
        "Lösenord visas aldrig igen, de kan bara ersättas."
    ),
    setup_connect_button="Koppla Vitec",
    setup_modal_title="Koppla Vitec",
    setup_modal_submit="Kontrollera och spara",
    setup_modal_intro=(
        "Vitec ger ett lösenord per kontor. Ange kontoren som lösenordet gäller; "
        "visningsbot provar det mot Vitec innan det sparas krypterat."
    ),
    setup_username_label="Användarnamn i Vitec Connect",
    setup_password_label="Lösenord",  # noqa: S106 - a label
    setup_password_hint="Sparas krypterat och visas aldrig igen.",  # noqa: S106 - a label
    setup_offices_label="Kontor (kundnummer)",
    setup_offices_hint="Ett eller flera kundnummer, som M30011, åtskilda med komma.",
    setup_group_label="Användargrupp som också får ändra kopplingen",
    setup_group_hint="Valfritt: gruppens handtag, som @ledning. Administratörer får alltid.",
    setup_error_required="Fyll i fältet.",
    setup_error_too_long="Högst {limit} tecken.",
    setup_error_office_id="”{office}” är inget kundnummer (som M30011).",
    setup_error_too_many_offices="Högst {limit} kontor.",
    setup_error_group="Ange gruppens handtag, som @ledning, eller lämna fältet tomt.",
    setup_error_refused="Vitec godtog inte användarnamnet eller lösenordet.",
    setup_error_office_denied="Lösenordet gäller inte kontoret {office}, eller så är det stängt.",
    setup_error_unreachable="Vitec svarade inte i tid. Ingenting sparades; försök igen.",
    setup_error_odd_answer="Vitec svarade oväntat. Ingenting sparades; försök igen om en stund.",
    setup_not_admin=(
        "Bara arbetsytans administratörer (eller gruppen de utsett) får ändra Vitec-kopplingen."
    ),
    office_current="Den här kanalen bokar i kontoret *{office}*. Kopplade kontor: {offices}.",
    office_none="Inget kontor är kopplat. En administratör kopplar Vitec under fliken Hem.",
    office_set="Nu bokar den här kanalen i kontoret *{office}*.",
    office_unknown="”{office}” är inte kopplat här. Kopplade kontor: {offices}.",
    setup_channels="Kontor per kanal (övriga kanaler bokar i {office}):",
    setup_channel_line="• <#{channel}> bokar i {office}",
    setup_channel_pick="Välj kanal",
    setup_office_pick="Välj kontor",
)

EN = Catalogue(
    form_title="Book a viewing",
    form_submit="Book",
    form_close="Cancel",
    close_button="Close",
    estate_label="Property",
    estate_placeholder="Search address, area or reference number",
    estate_not_found="No property matches “{text}”. Search by address or reference number below.",
    estate_suggestion=(
        "No property matches “{text}”. Did you mean *{address}*? Search for it below."
    ),
    estate_ambiguous="“{text}” fits several properties. Choose the right one in the list below.",
    estate_list_loading=(
        "The property list is still being loaded from Vitec, so “{text}” could not be chosen "
        "for you. Search for the property below in a moment."
    ),
    slot_label="Viewing time",
    slot_placeholder="Choose a time",
    slot_choose_estate_first="Choose a property and its viewing times appear here.",
    slot_none_upcoming=(
        "*{address}* has no upcoming viewings in Vitec. Choose another property, "
        "or add a viewing in Vitec and choose the property again."
    ),
    slot_load_failed="The viewing times could not be loaded. {problem}",
    slot_places_left="{n} places left",
    slot_one_place_left="1 place left",
    slot_full="fully booked",
    slot_closed="booking closed",
    slot_unlimited="no limit on places",
    contact_label="Contact",
    contact_placeholder="Name, phone, e-mail or personal number",
    contact_hint=(
        "Search with at least five characters of the name – for a short surname, type the "
        "first name and surname (Eva Ek). A phone number, e-mail or personal number works too."
    ),
    reminder_label="Reminder to the contact",
    reminder_hint="Vitec sends the contact a reminder before the viewing, by SMS or e-mail.",
    reminder_none="No reminder",
    reminder_30="30 minutes before",
    reminder_60="1 hour before",
    reminder_120="2 hours before",
    reminder_1440="1 day before",
    reminder_by_sms="{when}, by SMS",
    reminder_by_mail="{when}, by e-mail",
    notify_label="Confirmation to the contact",
    notify_mail_confirmation="By e-mail",
    notify_sms_confirmation="By SMS",
    message_label="Message from the contact",
    message_placeholder="Saved on the lead in Vitec",
    lead_source_label="Lead source",
    lead_source_hint=(
        "The lead this booking creates in Vitec gets this source. Vitec refuses sources "
        "with a workflow, so they are not listed."
    ),
    lead_source_default="The office's default source",
    attendance_label="Attendance",
    check_participated="The contact has already been to the viewing",
    checks_label="Checks in Vitec",
    checks_hint="Untick a check to book anyway.",
    check_deadline="Check the booking deadline",
    check_capacity="Check the places left",
    channel_label="Post the result in",
    option_type_more="Type {n} more characters to search by name",
    option_type_more_one="Type 1 more character to search by name",
    option_short_name="Short surname? Type the first name and surname, e.g. Eva Ek",
    option_type_phone="Type the whole phone number",
    option_no_match="No matches for “{query}”",
    option_estate_help="Search by street address, area or reference number",
    option_contact_help="Search by name, phone number, e-mail or personal number",
    option_list_loading="The property list is being loaded from Vitec\nTry again in a moment",
    option_auth="visningsbot cannot sign in to Vitec\nAsk whoever runs the bot to check its login",
    option_forbidden=(
        "Vitec denies visningsbot access to office {office}\nAsk whoever runs the bot to check it"
    ),
    option_unavailable="Vitec is not answering right now\nTry again in a moment",
    problem_auth=(
        "visningsbot cannot sign in to Vitec — ask whoever runs the bot to check its login."
    ),
    problem_forbidden=(
        "Vitec denies visningsbot access to office {office}. The office may be closed in "
        "Vitec — ask whoever runs the bot to check it."
    ),
    problem_unavailable="Vitec is not answering properly right now ({trouble}). Try again soon.",
    trouble_server="server error",
    trouble_busy="too many requests",
    trouble_timeout="no answer in time",
    trouble_connect="no connection",
    trouble_garbled="unexpected answer",
    trouble_other="unknown error",
    error_choose_estate="Choose a property from the list.",
    error_hint_estate=(
        "What you chose is a note, not a property. Search by address or reference number "
        "and choose a property from the list."
    ),
    error_estate_changed="The viewing times of this property are not shown yet. Choose it again.",
    error_choose_slot="Choose a viewing time.",
    error_slot_full=(
        "This time is fully booked. Choose another time, or book anyway by unticking "
        "“{check}” and booking again."
    ),
    error_slot_closed=(
        "The booking deadline has passed. Choose another time, or book anyway by unticking "
        "“{check}” and booking again."
    ),
    error_choose_contact="Choose a contact from the list.",
    error_hint_contact=(
        "What you chose is a note, not a contact. Search again and choose a contact from the list."
    ),
    error_choose_lead_source="Choose a lead source from the list.",
    error_message_too_long="The message can be at most {n} characters. Shorten it and book again.",
    error_no_upcoming="Choose a property that has upcoming viewings.",
    vitec_says="Vitec says (in Swedish): “{message}”",
    next_slot="Choose another time, or check the viewing in Vitec.",
    next_lead_source="Choose another lead source, or the office's default source.",
    next_contact="Choose another contact, or check the contact in Vitec.",
    next_message="Change the message and book again.",
    next_reminder="Choose another reminder.",
    next_rebook="Change your choices and book again with /visning.",
    error_vitec_no_reason=(
        "Vitec did not accept the booking and gave no reason. Check your choices and book "
        "again, or book the contact in Vitec directly."
    ),
    error_already_booked="{name} is already booked on this viewing. Nothing more to do.",
    error_not_found=(
        "Vitec no longer finds the viewing, time or contact, so nothing was booked. "
        "Choose the property again – the viewing may have changed."
    ),
    error_ledger_unavailable=(
        "visningsbot could not save the booking: its database is not answering right now. "
        "Nothing was booked. Try again in a moment."
    ),
    error_unavailable=(
        "Vitec is not answering properly right now ({trouble}). Nothing was booked – "
        "book again in a while."
    ),
    pending_title="Booking…",
    pending_text=(
        ":hourglass_flowing_sand: Vitec is slow to answer. The booking of *{name}* for "
        "*{address}* is on its way and the result goes to <#{channel}> as soon as it is known. "
        "You can close this window."
    ),
    pending_checking_text=(
        ":hourglass_flowing_sand: Vitec is slow to answer. The booking for *{address}* is being "
        "checked and sent, and the result goes to <#{channel}> as soon as it is known. "
        "You can close this window."
    ),
    in_progress_text=(
        ":hourglass_flowing_sand: This booking is already being processed, and the result "
        "goes to the channel. You can close this window."
    ),
    result_title="Booking",
    result_booked=":white_check_mark: *{name}* is booked for *{address}*, {slot}.",
    result_already_booked=(
        ":information_source: *{name}* was already booked for *{address}*. Nothing more to do."
    ),
    result_refused=":x: Vitec did not accept the booking. {reason}",
    result_not_booked=":x: {problem} Nothing was booked.",
    result_unknown=(
        ":grey_question: Vitec did not answer in time and it is not yet known whether *{name}* "
        "was booked. visningsbot is checking and will tell you – don't book again meanwhile."
    ),
    result_failed_retry=":x: This booking did not go through last time. Book again.",
    booked_message=":white_check_mark: *{name}* is booked for the viewing of *{address}*",
    booked_fallback="{name} is booked for the viewing of {address}, {slot}",
    already_booked_message=(
        ":information_source: *{name}* was already booked for the viewing of *{address}*"
    ),
    booking_time="*Time:* {slot}",
    booking_reminder="*Reminder:* {when}",
    booking_reminder_none="*Reminder:* none",
    booking_confirmations="*Confirmation:* {channels}",
    booking_confirmations_none="*Confirmation:* none",
    confirmation_mail="e-mail",
    confirmation_sms="SMS",
    booking_participated="Marked as attended",
    booked_by="Booked by <@{user}>",
    undo_button="Undo",
    undo_confirm_title="Undo booking?",
    undo_confirm_text="*{name}* is removed from the viewing of *{address}*, {slot}, in Vitec.",
    undo_confirm_yes="Remove",
    undo_confirm_no="Keep",
    book_more_button="Book more",
    undone_message=(
        ":leftwards_arrow_with_hook: The booking of *{name}* for *{address}* "
        "was undone by <@{user}>."
    ),
    undo_not_yours="Only <@{user}>, who made the booking, can undo it – ask them to.",
    undo_failed="The booking could not be undone. {reason}",
    undo_outcome_unknown=(
        "Vitec did not answer in time, so it is not known whether the booking was removed. "
        "Check the viewing in Vitec before you try again."
    ),
    undo_still_booked="The booking is still in Vitec. {problem}",
    undo_refused="{vitec} Remove the booking in Vitec directly instead.",
    undo_already="The booking is already undone.",
    undo_unknown=(
        "visningsbot no longer remembers this booking, so it cannot be undone here. "
        "Remove it in Vitec directly."
    ),
    failure_message=":x: The booking of *{name}* for *{address}* did not go through. {reason}",
    reconciled_not_booked=(
        ":x: Checked in Vitec: the booking of *{name}* for *{address}* did not go through. "
        "Book again with /visning."
    ),
    posted_privately_note=(
        "(visningsbot could not post in <#{channel}>, so you get the result here. "
        "Invite visningsbot to the channel for results to show there.)"
    ),
    help_text=(
        "*How to book a contact onto a viewing*\n"
        "• `/visning` opens the form.\n"
        "• `/visning Götgatan 14` or `/visning <reference number>` picks the property for you.\n"
        "• Find the contact by at least five characters of the name, by first name and "
        "surname (Eva Ek), phone number, e-mail or personal number.\n"
        "• `/visning history` shows your recent bookings in this channel.\n"
        "• `/visning follow Götgatan 14` shows bookings made on the web for the property here; "
        "`/visning unfollow Götgatan 14` stops.\n"
        "• *Anmäl till visning* in a message's menu fills in the form from the message and "
        "answers in its thread.\n"
        "• `/visning help` shows this text."
    ),
    history_title="*Your recent bookings here*",
    history_empty="You have not made any bookings in this channel yet.",
    history_failure="{status} {when}: {reason}",
    status_pending="booking…",
    status_booked="booked",
    status_already_booked="already booked",
    status_refused="refused",
    status_failed="failed",
    status_unknown="outcome unknown",
    status_removed="undone",
    reason_no_reason="Vitec gave no reason.",
    reason_not_found="Vitec did not find the viewing, time or contact.",
    reason_not_in_vitec="Vitec showed no booking when it was checked afterwards.",
    reason_ledger_late="visningsbot could not save the booking in time, so nothing was booked.",
    reason_unknown="Vitec did not answer in time; visningsbot is checking whether it went through.",
    open_failed=(
        "The form could not be opened (Slack answered “{error}”). Type /visning again – "
        "the form has to open within a few seconds."
    ),
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
    option_audit_failed="The search could not be logged\nTry again in a moment",
    contact_note_several=(
        "The message names {n} contacts that are in Vitec. Choose the one to book below."
    ),
    contact_note_none=(
        "No contact in Vitec has the phone number, e-mail address or personnummer in the "
        "message. Search by name below."
    ),
    contact_note_failed=(
        "The contact in the message could not be looked up in Vitec right now. "
        "Search for them below."
    ),
    thread_note="The result is posted in the thread of the message in <#{channel}>.",
    follow_started=(
        "This channel now follows *{address}*: bookings made on the web or directly in Vitec "
        "show up here. (visningsbot must be a member of the channel: `/invite @visningsbot`.)"
    ),
    follow_already="This channel already follows *{address}*.",
    follow_stopped="This channel no longer follows *{address}*.",
    follow_not_following="This channel does not follow *{address}*, so there is nothing to stop.",
    follow_which=(
        "Say which property: `/visning bevaka Götgatan 14` or "
        "`/visning sluta bevaka Götgatan 14` (address or reference number)."
    ),
    follow_not_found=(
        "No property for sale or coming matches “{text}”. Type the address or reference "
        "number, e.g. `/visning bevaka Götgatan 14`."
    ),
    follow_suggestion="No property matches “{text}”. Did you mean *{address}*?",
    follow_ambiguous=(
        "“{text}” fits several properties. Type the whole address or reference number."
    ),
    follow_loading="The property list is being loaded from Vitec. Try again in a moment.",
    follow_no_channel=(
        "Following is for a channel: type the command in the channel that should follow."
    ),
    follow_limit=(
        "This channel already follows {n} properties, as many as it can. Stop following one first."
    ),
    follow_failed="Following could not be saved right now. Nothing changed. Try again in a while.",
    web_booking="{name} signed up on the web for {address}, {when}",
    web_booking_no_time="{name} signed up on the web for {address}",
    someone="A contact",
    step_booked="{name} is booked on the viewing of {address}, {slot}.",
    step_already="{name} was already booked on the viewing of {address}, {slot}.",
    step_failed="{name} was not booked on the viewing of {address}. {reason}",
    step_unknown=(
        "Vitec did not answer in time about {name} at {address}. Check in Vitec whether the "
        "contact was booked before running the step again."
    ),
    step_estate_missing="Give the property: its address or reference number, e.g. Götgatan 14.",
    step_estate_not_found=(
        "The property “{text}” is not among the office's properties for sale or coming. "
        "Give the address or reference number as Vitec has it."
    ),
    step_estate_ambiguous=(
        "“{text}” fits several properties. Give the whole address or reference number."
    ),
    step_time_missing="Give the viewing time (date and time of day).",
    step_no_slot="{address} has no viewing time {when}. Upcoming times: {slots}.",
    step_no_slots="{address} has no upcoming viewings to book.",
    step_contact_missing="Give the contact's mobile number, e-mail address or personnummer.",
    step_contact_not_found=(
        "No contact in Vitec has “{text}”. Fill in First name and Last name in the step to add "
        "the contact, or check the number or address."
    ),
    step_contact_new=(
        "“{text}” looks like a name. Give the contact's mobile number, e-mail or personnummer "
        "in Contact; for a new contact, the name in First name and Last name."
    ),
    step_new_contact_invalid=(
        "The contact is not in Vitec and could not be added: First name and Last name must be "
        "names, and Contact a mobile number or an e-mail address."
    ),
    step_contact_several=(
        "{n} contacts in Vitec have “{text}”. Give the e-mail address or personnummer instead."
    ),
    step_reminder_unknown=(
        "The reminder “{text}” is not one the step knows. Choose none, or SMS or e-mail "
        "30 min, 1 hour, 2 hours or 1 day before."
    ),
    step_vitec_trouble="Nothing was booked: {problem}",
    new_contact_button="New contact",
    search_contact_button="Find an existing contact",
    bulk_button="Book several",
    single_button="One contact",
    new_first_name_label="First name",
    new_last_name_label="Last name",
    new_mobile_label="Mobile",
    new_email_label="E-mail",
    new_contact_note=(
        "Vitec first looks for a contact with the same name and the same mobile or "
        "e-mail, and creates one only if there is none."
    ),
    option_contact_new="Not in Vitec? Choose New contact below the list",
    error_new_missing="Fill in this field.",
    error_new_too_long="At most {n} characters.",
    error_new_not_a_name="Use only letters, spaces, hyphens or apostrophes.",
    error_new_not_a_phone="Type a mobile number, e.g. 070-123 45 67.",
    error_new_not_an_email="Type an e-mail address, e.g. anna@example.com.",
    error_new_phone_or_email=(
        "Fill in a mobile or an e-mail: Vitec needs one of them to find or create the contact."
    ),
    contact_created="New contact created in Vitec",
    contact_found="Already in Vitec (same name and mobile or e-mail)",
    bulk_contacts_label="Contacts (at most {n})",
    bulk_contacts_hint=(
        "Search as in the contact list; all are booked on the same time with the same choices."
    ),
    error_bulk_choose="Choose at least one contact from the list.",
    error_bulk_too_many="At most {n} contacts at a time.",
    error_bulk_no_room=(
        "The time is fully booked: none of the {total} fit. Choose another time, or book "
        "without the places check."
    ),
    bulk_header="*Booking {total} for the viewing of {address}*\n{slot}",
    bulk_room="{fit} of {total} fit",
    bulk_fallback="Booking {total} for the viewing of {address}",
    bulk_line_pending=":hourglass_flowing_sand: {name} – booking…",
    bulk_line_booked=":white_check_mark: {name} – booked",
    bulk_line_already=":information_source: {name} – was already booked",
    bulk_line_full=":no_entry: {name} – does not fit",
    bulk_line_refused=":x: {name} – Vitec says (in Swedish): “{reason}”",
    bulk_line_failed=":x: {name} – not booked: {reason}",
    bulk_line_unknown=(
        ":grey_question: {name} – unclear whether it went through; being checked in Vitec"
    ),
    bulk_line_removed=":leftwards_arrow_with_hook: {name} – undone",
    bulk_undo_button="Undo {name}",
    who_button="Who is coming?",
    who_list="*Booked for {address}, {slot}*\n{names}",
    who_nobody="Nobody is booked for {address}, {slot} yet.",
    who_more="and {n} more",
    who_in_picker="Booked for {slot} – {names}",
    who_failed=(
        "The list of who is booked could not be read from Vitec just now. Try again in a while."
    ),
    reason_no_room="Did not fit: the time was fully booked",
    setup_not_connected=(
        "visningsbot is not connected to Vitec in this workspace yet. "
        "Ask an admin to open visningsbot in Slack (the Home tab) and choose Connect Vitec."
    ),
    setup_title="*Vitec connection*",
    setup_offices="Offices visningsbot books in:",
    setup_no_offices="No office is connected yet. Choose Connect Vitec to start.",
    setup_office_line="• {office} (user {username}, saved {when})",
    setup_who=(
        "Only the workspace's admins{group} see and change the connection. "
        "Passwords are never shown again, only replaced."
    ),
    setup_connect_button="Connect Vitec",
    setup_modal_title="Connect Vitec",
    setup_modal_submit="Check and save",
    setup_modal_intro=(
        "Vitec issues one password per office. Give the offices the password is for; "
        "visningsbot tries it with Vitec before saving it encrypted."
    ),
    setup_username_label="Vitec Connect user name",
    setup_password_label="Password",  # noqa: S106 - a label
    setup_password_hint="Saved encrypted and never shown again.",  # noqa: S106 - a label
    setup_offices_label="Offices (customer ids)",
    setup_offices_hint="One or more customer ids, like M30011, separated by commas.",
    setup_group_label="User group that may also change the connection",
    setup_group_hint="Optional: the group's handle, like @managers. Admins always may.",
    setup_error_required="Fill in this field.",
    setup_error_too_long="At most {limit} characters.",
    setup_error_office_id="“{office}” is not a customer id (like M30011).",
    setup_error_too_many_offices="At most {limit} offices.",
    setup_error_group="Give the group's handle, like @managers, or leave the field empty.",
    setup_error_refused="Vitec did not accept the user name or password.",
    setup_error_office_denied="The password is not for office {office}, or the office is closed.",
    setup_error_unreachable="Vitec did not answer in time. Nothing was saved; try again.",
    setup_error_odd_answer="Vitec answered unexpectedly. Nothing was saved; try again later.",
    setup_not_admin=(
        "Only the workspace's admins (or the group they named) may change the Vitec connection."
    ),
    office_current="This channel books in office *{office}*. Connected offices: {offices}.",
    office_none="No office is connected. An admin connects Vitec in the Home tab.",
    office_set="This channel now books in office *{office}*.",
    office_unknown="“{office}” is not connected here. Connected offices: {offices}.",
    setup_channels="Office per channel (other channels book in {office}):",
    setup_channel_line="• <#{channel}> books in {office}",
    setup_channel_pick="Choose a channel",
    setup_office_pick="Choose an office",
)

TEXT_FIELDS = tuple(f.name for f in fields(Catalogue))


def texts(language: str) -> Catalogue:
    """The catalogue for a language code; anything but English gets Swedish."""
    return EN if language == "en" else SV
