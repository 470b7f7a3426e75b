using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using NeoBay.Messages;
using NeoBay.Policy;
using NeoBay.Policy.Calculations;

namespace NeoBay.Contracts.Quotes;

/// <summary>
/// The JSON edge of the quote contract (docs/api.md, `POST /api/quotes`): request objects in, decision or error objects out.
/// Amounts are yuan with at most two decimals at the edge and fen inside. Written by hand rather than as records: the
/// policy issue's floor (≤ 4 KB per traced quote) is missed by records read and written by System.Text.Json (3,977 /
/// 4,169 / 6,952 B for A02.1 / A09.1 / A11.2, against 2,312 / 2,512 / 3,992 B here; docs/benchmarks.md, issue 13).
/// </summary>
public static class QuoteJson
{
    private static readonly IReadOnlyList<PriorAward> NoHistory = [];

    /// <summary>
    /// Reads one request. A request that is not valid gives its first error (no exception: refusals are
    /// ordinary results here, and a thrown exception costs about as much as a whole quote).
    /// </summary>
    public static QuoteParseResult Parse(JsonElement element, DateOnly today, PolicyCatalog catalog, QuoteParseOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return ParseCore(element, today, catalog, options);
    }

    // Property names, encoded once: looked up as UTF-8 when reading, written pre-encoded (plain ASCII: no encoder escapes them).
    private static readonly JsonEncodedText MeasureName = JsonEncodedText.Encode("measure");
    private static readonly JsonEncodedText SubmittedOnName = JsonEncodedText.Encode("submittedOn");
    private static readonly JsonEncodedText ApplicantName = JsonEncodedText.Encode("applicant");
    private static readonly JsonEncodedText KindName = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText UsccName = JsonEncodedText.Encode("uscc");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText InZoneName = JsonEncodedText.Encode("inZone");
    private static readonly JsonEncodedText IsSmeName = JsonEncodedText.Encode("isSme");
    private static readonly JsonEncodedText ProjectName = JsonEncodedText.Encode("project");
    private static readonly JsonEncodedText KeyName = JsonEncodedText.Encode("key");
    private static readonly JsonEncodedText FactsName = JsonEncodedText.Encode("facts");
    private static readonly JsonEncodedText CategoryName = JsonEncodedText.Encode("category");
    private static readonly JsonEncodedText IdNumberName = JsonEncodedText.Encode("idNumber");
    private static readonly JsonEncodedText IdTypeName = JsonEncodedText.Encode("idType");
    private static readonly JsonEncodedText CountryName = JsonEncodedText.Encode("country");
    private static readonly JsonEncodedText PersonsName = JsonEncodedText.Encode("persons");
    private static readonly JsonEncodedText OtherSupportName = JsonEncodedText.Encode("otherSupport");
    private static readonly JsonEncodedText PolicyName = JsonEncodedText.Encode("policy");
    private static readonly JsonEncodedText AmountName = JsonEncodedText.Encode("amount");
    private static readonly JsonEncodedText HistoryName = JsonEncodedText.Encode("history");
    private static readonly JsonEncodedText FiscalYearName = JsonEncodedText.Encode("fiscalYear");
    private static readonly JsonEncodedText ProjectKeyName = JsonEncodedText.Encode("projectKey");
    private static readonly JsonEncodedText TierName = JsonEncodedText.Encode("tier");

    /// <summary>
    /// Where an object sits in the request ("applicant", "history[2]"), for the <c>field</c> of an error.
    /// The text is built only when a request is refused, so valid requests allocate no paths.
    /// </summary>
    private readonly record struct At(string Path, int Index = -1)
    {
        public static At Item(string list, int index) => new(list, index);

        public override string ToString() => Index < 0 ? Path : $"{Path}[{Index}]";

        /// <summary>The path of a property of this object.</summary>
        public string Field(JsonEncodedText name) => $"{this}.{name.Value}";
    }

    private static QuoteParseResult ParseCore(JsonElement e, DateOnly today, PolicyCatalog catalog, QuoteParseOptions options)
    {
        QuoteError? error;
        if (e.ValueKind != JsonValueKind.Object) return Invalid(QuoteError.InvalidJson, null);

        MeasureDefinition? measureDefinition = null;
        if (options.Profile)
        {
            if (Present(e, MeasureName, out _)) return Invalid(QuoteError.FieldNotAllowed, "measure");
        }
        else if (!TryFindMeasure(e, catalog, out measureDefinition, out error)) return Invalid(error);
        var measure = measureDefinition?.Code ?? "";
        var personCategories = measureDefinition?.PersonCategoryNames ?? ProfileCategories(catalog);

        var submittedOn = today;
        if (Present(e, SubmittedOnName, out var dateElement))
        {
            if (!options.AllowSubmittedOn) return Invalid(QuoteError.FieldNotAllowed, "submittedOn");
            if (!TryParseDate(dateElement, out submittedOn)) return Invalid(QuoteError.InvalidDate, "submittedOn");
        }

        if (!Present(e, ApplicantName, out var a)) return Invalid(QuoteError.MissingField, "applicant");
        if (a.ValueKind != JsonValueKind.Object) return Invalid(QuoteError.InvalidValue, "applicant");
        var applicantAt = new At("applicant");
        if (!TryFindKind(a, out var kind, out error)
            || !TryRequiredString(a, UsccName, applicantAt, out var uscc, out error)) return Invalid(error);
        if (!Uscc.IsValid(uscc)) return Invalid(QuoteError.InvalidUscc, "applicant.uscc");
        if (!TryOptionalString(a, NameName, applicantAt, out var name, out error)
            || !TryOptionalBool(a, InZoneName, applicantAt, out var inZone, out error)
            || !TryOptionalBool(a, IsSmeName, applicantAt, out var isSme, out error)) return Invalid(error);
        var applicant = new Applicant(kind, uscc, name, inZone, isSme);

        ProjectRef? project = null;
        if (Present(e, ProjectName, out var p))
        {
            if (p.ValueKind != JsonValueKind.Object) return Invalid(QuoteError.InvalidValue, "project");
            var projectAt = new At("project");
            if (!TryRequiredString(p, KeyName, projectAt, out var key, out error)
                || !TryOptionalString(p, NameName, projectAt, out var projectName, out error)) return Invalid(error);
            if (!IsProjectKey(key)) return Invalid(QuoteError.InvalidProjectKey, "project.key");
            project = new ProjectRef(key, projectName);
        }

        var facts = new Dictionary<string, FactValue>(StringComparer.Ordinal);
        if (Present(e, FactsName, out var f))
        {
            if (f.ValueKind != JsonValueKind.Object) return Invalid(QuoteError.InvalidValue, "facts");
            foreach (var property in f.EnumerateObject())
            {
                if (!catalog.Facts.TryGetValue(property.Name, out var def)) return Invalid(QuoteError.UnknownFact, "facts." + property.Name);
                if (property.Value.ValueKind == JsonValueKind.Null) continue;
                if (!TryParseFact(property.Value, def, personCategories, options.Identity, out var value, out error)) return Invalid(error);
                facts[def.Name] = value;
            }
        }

        IReadOnlyList<OtherSupport> otherSupport = [];
        if (Present(e, OtherSupportName, out var os))
        {
            if (os.ValueKind != JsonValueKind.Array) return Invalid(QuoteError.InvalidValue, "otherSupport");
            var list = new List<OtherSupport>(os.GetArrayLength());
            var i = 0;
            foreach (var item in os.EnumerateArray())
            {
                var at = At.Item("otherSupport", i++);
                if (item.ValueKind != JsonValueKind.Object) return Invalid(QuoteError.InvalidValue, at.ToString());
                if (!TryOptionalString(item, PolicyName, at, out var policy, out error)
                    || !TryRequiredMoney(item, AmountName, at, out var amount, out error)) return Invalid(error);
                list.Add(new OtherSupport(policy ?? "", amount));
            }
            otherSupport = list;
        }

        IReadOnlyList<PriorAward> history = NoHistory;
        if (Present(e, HistoryName, out var h))
        {
            if (!options.AllowHistory) return Invalid(QuoteError.FieldNotAllowed, "history");
            if (h.ValueKind != JsonValueKind.Array) return Invalid(QuoteError.InvalidValue, "history");
            var list = new List<PriorAward>(h.GetArrayLength());
            var i = 0;
            foreach (var item in h.EnumerateArray())
            {
                var at = At.Item("history", i++);
                if (item.ValueKind != JsonValueKind.Object) return Invalid(QuoteError.InvalidValue, at.ToString());
                if (!TryRequiredString(item, MeasureName, at, out var priorMeasure, out error)) return Invalid(error);
                if (!catalog.TryGet(priorMeasure, out _)) return Invalid(QuoteError.UnknownMeasure, at.Field(MeasureName));
                int? fiscalYear = null;
                if (Present(item, FiscalYearName, out var fy))
                {
                    if (!TryParseYear(fy, out var year)) return Invalid(QuoteError.InvalidNumber, at.Field(FiscalYearName));
                    fiscalYear = year;
                }
                if (!TryOptionalString(item, ProjectKeyName, at, out var projectKey, out error)
                    || !TryOptionalString(item, TierName, at, out var tier, out error)
                    || !TryRequiredMoney(item, AmountName, at, out var amount, out error)) return Invalid(error);
                List<PersonFact>? priorPersons = null;
                if (Present(item, PersonsName, out var pp)
                    && !TryParsePersons(pp, at.Field(PersonsName), [], options.Identity, out priorPersons, out error)) return Invalid(error);
                var prior = new PriorAward(priorMeasure, projectKey, tier, amount, fiscalYear);
                list.Add(priorPersons is null ? prior : prior with { Persons = priorPersons });
            }
            history = list;
        }

        // common.13: required where the measure supports a project; the applicant itself is the unit of A08.1.
        switch (measureDefinition?.ProjectKey)
        {
            case ProjectKeyRule.Required when project is null:
                return Invalid(QuoteError.MissingField, "project.key");
            case ProjectKeyRule.Applicant:
                project = new ProjectRef(uscc, project?.Name);
                break;
        }

        var request = new EvaluationRequest(measure, submittedOn, applicant, project, facts, otherSupport);
        return new QuoteParseResult(request, history, null);
    }

    /// <summary>A profile names no measure: its persons may be of any category the catalog knows (A11.2's).</summary>
    private static IReadOnlyList<string> ProfileCategories(PolicyCatalog catalog)
    {
        foreach (var m in catalog.Measures)
        {
            if (m.PersonCategoryNames.Count > 0) return m.PersonCategoryNames;
        }
        return [];
    }

    /// <summary>common.13: printable text up to 64 characters; <c>/</c> allowed (CN 31-1234/N).</summary>
    public static bool IsProjectKey(string key)
    {
        if (key.Length is 0 or > 64 || string.IsNullOrWhiteSpace(key)) return false;
        foreach (var c in key)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029') return false;
        }
        return true;
    }

    private static QuoteParseResult Invalid(QuoteError error) => new(null, NoHistory, error);

    private static QuoteParseResult Invalid(string code, string? field) => Invalid(Error(code, field));

    /// <summary>Sets <paramref name="error"/> and returns false, for the <c>Try…</c> readers below.</summary>
    private static bool Reject(string code, string? field, out QuoteError error)
    {
        error = Error(code, field);
        return false;
    }

    /// <summary>The measure by code (the catalog's own instance).</summary>
    private static bool TryFindMeasure(JsonElement e, PolicyCatalog catalog, out MeasureDefinition measure, [NotNullWhen(false)] out QuoteError? error)
    {
        error = null;
        measure = null!;
        if (!Present(e, MeasureName, out var v)) return Reject(QuoteError.MissingField, "measure", out error);
        if (v.ValueKind != JsonValueKind.String) return Reject(QuoteError.InvalidValue, "measure", out error);
        var code = v.GetString()!;
        if (catalog.TryGet(code, out measure)) return true;
        return Reject(string.IsNullOrWhiteSpace(code) ? QuoteError.MissingField : QuoteError.UnknownMeasure, "measure", out error);
    }

    private static bool TryFindKind(JsonElement applicant, out ApplicantKind kind, [NotNullWhen(false)] out QuoteError? error)
    {
        error = null;
        kind = default;
        if (!Present(applicant, KindName, out var v)) return Reject(QuoteError.MissingField, "applicant.kind", out error);
        if (v.ValueKind != JsonValueKind.String) return Reject(QuoteError.InvalidValue, "applicant.kind", out error);
        var text = v.GetString()!;
        if (Json.TryParseEnum(text, out kind)) return true;
        return Reject(string.IsNullOrWhiteSpace(text) ? QuoteError.MissingField : QuoteError.InvalidKind, "applicant.kind", out error);
    }

    /// <summary>A string that is one of <paramref name="known"/> comes back as the known instance (the request's copy is dropped).</summary>
    private static string KnownOrNew(JsonElement v, IReadOnlyList<string> known)
    {
        var text = v.GetString()!;
        for (var i = 0; i < known.Count; i++)
        {
            if (string.Equals(text, known[i], StringComparison.Ordinal)) return known[i];
        }
        return text;
    }

    private static bool TryParseFact(JsonElement v, FactDefinition def, IReadOnlyList<string> personCategories, PersonIdentity identity, out FactValue fact, [NotNullWhen(false)] out QuoteError? error)
    {
        error = null;
        fact = null!;
        switch (def.Type)
        {
            case FactType.Money:
                if (!TryParseMoneyYuan(v, out var yuan, out _)) return Reject(QuoteError.InvalidNumber, def.RequestPath, out error);
                fact = FactValue.Of(yuan);
                return true;
            case FactType.Year:
                if (!TryParseYear(v, out var year)) return Reject(QuoteError.InvalidNumber, def.RequestPath, out error);
                fact = FactValue.Of((decimal)year);
                return true;
            case FactType.Flag:
                if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return Reject(QuoteError.InvalidValue, def.RequestPath, out error);
                fact = FactValue.Of(v.GetBoolean());
                return true;
            case FactType.Choice:
                if (v.ValueKind != JsonValueKind.String) return Reject(QuoteError.InvalidValue, def.RequestPath, out error);
                fact = FactValue.Of(KnownOrNew(v, def.Values));
                return true;
            case FactType.Persons:
                if (!TryParsePersons(v, def.RequestPath, personCategories, identity, out var persons, out error)) return false;
                fact = FactValue.Of(persons);
                return true;
            default:
                return Reject(QuoteError.InvalidValue, def.RequestPath, out error);
        }
    }

    /// <summary>
    /// common.14: each person with its category and identity number, kept only as a keyed hash; two entries for one
    /// person are invalid. Errors name the field, never the number.
    /// </summary>
    private static bool TryParsePersons(JsonElement v, string path, IReadOnlyList<string> categories, PersonIdentity identity,
        out List<PersonFact> persons, [NotNullWhen(false)] out QuoteError? error)
    {
        error = null;
        persons = new List<PersonFact>(v.ValueKind == JsonValueKind.Array ? v.GetArrayLength() : 0);
        if (v.ValueKind != JsonValueKind.Array) return Reject(QuoteError.InvalidValue, path, out error);
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            var at = At.Item(path, i++);
            if (item.ValueKind != JsonValueKind.Object) return Reject(QuoteError.InvalidValue, at.ToString(), out error);
            if (!TryRequiredString(item, CategoryName, at, out var category, out error, categories)
                || !TryOptionalString(item, NameName, at, out var name, out error)
                || !TryRequiredString(item, IdNumberName, at, out var number, out error)
                || !TryOptionalString(item, IdTypeName, at, out var idType, out error)
                || !TryOptionalString(item, CountryName, at, out var country, out error)) return false;
            PersonIdType type;
            switch (idType)
            {
                case null or "resident":
                    type = PersonIdType.Resident;
                    if (!PersonIdentity.IsResidentIdNumber(number)) return Reject(QuoteError.InvalidIdNumber, at.Field(IdNumberName), out error);
                    if (country is not null) return Reject(QuoteError.FieldNotAllowed, at.Field(CountryName), out error);
                    break;
                case "passport":
                    type = PersonIdType.Passport;
                    if (country is null) return Reject(QuoteError.MissingField, at.Field(CountryName), out error);
                    if (!PersonIdentity.IsCountryCode(country)) return Reject(QuoteError.InvalidValue, at.Field(CountryName), out error);
                    if (!PersonIdentity.IsPassportNumber(number)) return Reject(QuoteError.InvalidIdNumber, at.Field(IdNumberName), out error);
                    break;
                default:
                    return Reject(QuoteError.InvalidValue, at.Field(IdTypeName), out error);
            }
            var key = identity.KeyOf(type, number, country);
            foreach (var earlier in persons)
            {
                if (earlier.PersonKey == key) return Reject(QuoteError.DuplicatePerson, at.Field(IdNumberName), out error);
            }
            persons.Add(new PersonFact(category, name, key));
        }
        return true;
    }

    private static bool Present(JsonElement obj, JsonEncodedText name, out JsonElement value) =>
        obj.TryGetProperty(name.EncodedUtf8Bytes, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A non-blank string; one of <paramref name="known"/> comes back as the known instance.</summary>
    private static bool TryRequiredString(JsonElement obj, JsonEncodedText name, At at, out string value, [NotNullWhen(false)] out QuoteError? error,
        IReadOnlyList<string>? known = null)
    {
        error = null;
        value = "";
        if (!Present(obj, name, out var v)) return Reject(QuoteError.MissingField, at.Field(name), out error);
        if (v.ValueKind != JsonValueKind.String) return Reject(QuoteError.InvalidValue, at.Field(name), out error);
        value = known is null ? v.GetString()! : KnownOrNew(v, known);
        if (string.IsNullOrWhiteSpace(value)) return Reject(QuoteError.MissingField, at.Field(name), out error);
        return true;
    }

    private static bool TryOptionalString(JsonElement obj, JsonEncodedText name, At at, out string? value, [NotNullWhen(false)] out QuoteError? error)
    {
        error = null;
        value = null;
        if (!Present(obj, name, out var v)) return true;
        if (v.ValueKind != JsonValueKind.String) return Reject(QuoteError.InvalidValue, at.Field(name), out error);
        value = v.GetString();
        return true;
    }

    private static bool TryOptionalBool(JsonElement obj, JsonEncodedText name, At at, out bool value, [NotNullWhen(false)] out QuoteError? error)
    {
        error = null;
        value = false;
        if (!Present(obj, name, out var v)) return true;
        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return Reject(QuoteError.InvalidValue, at.Field(name), out error);
        value = v.GetBoolean();
        return true;
    }

    private static bool TryRequiredMoney(JsonElement obj, JsonEncodedText name, At at, out long fen, [NotNullWhen(false)] out QuoteError? error)
    {
        error = null;
        fen = 0;
        if (!Present(obj, name, out var v)) return Reject(QuoteError.MissingField, at.Field(name), out error);
        if (!TryParseMoneyYuan(v, out _, out fen)) return Reject(QuoteError.InvalidNumber, at.Field(name), out error);
        return true;
    }

    /// <summary>Yuan with at most two decimals, 0 ≤ x ≤ 10^12 (common rule 3).</summary>
    private static bool TryParseMoneyYuan(JsonElement v, out decimal yuan, out long fen)
    {
        fen = 0;
        yuan = 0;
        return v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out yuan) && Money.TryYuanToFen(yuan, out fen);
    }

    private static bool TryParseYear(JsonElement v, out int year)
    {
        year = 0;
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out year) && year is >= 1900 and <= 9999;
    }

    private static bool TryParseDate(JsonElement v, out DateOnly date)
    {
        date = default;
        return v.ValueKind == JsonValueKind.String && TryParseIsoDate(v.GetString()!, out date);
    }

    /// <summary>
    /// Exactly <c>DateOnly.TryParseExact(text, "yyyy-MM-dd", InvariantCulture)</c>: the usual ten ASCII
    /// characters are read directly (the general parser is slow), anything else goes to the general parser.
    /// </summary>
    internal static bool TryParseIsoDate(string text, out DateOnly date)
    {
        if (text.Length == 10 && text[4] == '-' && text[7] == '-'
            && TryDigits(text.AsSpan(0, 4), out var year) && TryDigits(text.AsSpan(5, 2), out var month) && TryDigits(text.AsSpan(8, 2), out var day))
        {
            date = default;
            if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
            date = new DateOnly(year, month, day);
            return true;
        }
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    /// <summary>A <see cref="QuoteError"/> with the standard messages of its code.</summary>
    public static QuoteError Error(string code, string? field)
    {
        var key = code switch
        {
            QuoteError.UnknownMeasure => "UnknownMeasure.At",
            QuoteError.InvalidUscc => "InvalidUscc.At",
            QuoteError.InvalidDate => "InvalidDate.At",
            QuoteError.InvalidNumber => "InvalidNumber.At",
            QuoteError.InvalidKind => "InvalidKind.At",
            QuoteError.MissingField => "MissingField.At",
            QuoteError.UnknownFact => "UnknownFact.At",
            QuoteError.InvalidJson => "InvalidJson.Quote",
            QuoteError.InvalidIdNumber => "InvalidIdNumber.At",
            QuoteError.DuplicatePerson => "DuplicatePerson.At",
            QuoteError.InvalidProjectKey => "InvalidProjectKey.At",
            QuoteError.FieldNotAllowed => "FieldNotAllowed.At",
            _ => "InvalidValue.At",
        };
        var at = field ?? "";
        return new QuoteError(code, MessageCatalog.Format(key, false, at), MessageCatalog.Format(key, true, at), field);
    }

    private static readonly JsonEncodedText EligibleName = JsonEncodedText.Encode("eligible");
    private static readonly JsonEncodedText DiscretionaryName = JsonEncodedText.Encode("discretionary");
    private static readonly JsonEncodedText ReasonsName = JsonEncodedText.Encode("reasons");
    private static readonly JsonEncodedText CodeName = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText ScheduleName = JsonEncodedText.Encode("schedule");
    private static readonly JsonEncodedText YearOffsetName = JsonEncodedText.Encode("yearOffset");
    private static readonly JsonEncodedText ComponentName = JsonEncodedText.Encode("component");
    private static readonly JsonEncodedText TriggerName = JsonEncodedText.Encode("trigger");
    private static readonly JsonEncodedText StageName = JsonEncodedText.Encode("stage");
    private static readonly JsonEncodedText IsGrantName = JsonEncodedText.Encode("isGrant");
    private static readonly JsonEncodedText TraceName = JsonEncodedText.Encode("trace");
    private static readonly JsonEncodedText RuleName = JsonEncodedText.Encode("rule");
    private static readonly JsonEncodedText ArticleName = JsonEncodedText.Encode("article");
    private static readonly JsonEncodedText DetailName = JsonEncodedText.Encode("detail");
    private static readonly JsonEncodedText TextName = JsonEncodedText.Encode("text");
    private static readonly JsonEncodedText FiguresName = JsonEncodedText.Encode("figures");
    private static readonly JsonEncodedText ErrorName = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText FieldName = JsonEncodedText.Encode("field");

    /// <summary>The trigger names ("approval", …), lower-case ASCII letters: the same bytes under every encoder.</summary>
    private static readonly JsonEncodedText[] TriggerTexts =
        [.. Enum.GetValues<ScheduleTrigger>().Select(t => JsonEncodedText.Encode(Json.Camel(t)))];

    /// <summary>Writes the quote quote result object of docs/api.md: amounts in yuan with two decimals, or null.</summary>
    public static void WriteDecision(Utf8JsonWriter w, Decision d, bool english, bool includeTrace = true)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(d);
        w.WriteStartObject();
        w.WriteString(MeasureName, d.Measure);
        w.WriteBoolean(EligibleName, d.Eligible);
        WriteAmount(w, AmountName, d.AmountFen);
        w.WriteBoolean(DiscretionaryName, d.Discretionary);
        if (d.Tier is not null) w.WriteString(TierName, d.Tier);
        w.WriteStartArray(ReasonsName);
        var reasons = d.Reasons;
        for (var i = 0; i < reasons.Count; i++)
        {
            var r = reasons[i];
            w.WriteStartObject();
            w.WriteString(CodeName, r.Code);
            w.WriteString(MessageName, r.Message(english));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray(ScheduleName);
        var schedule = d.Schedule;
        for (var i = 0; i < schedule.Count; i++)
        {
            var line = schedule[i];
            w.WriteStartObject();
            w.WriteNumber(FiscalYearName, line.FiscalYear);
            w.WriteNumber(YearOffsetName, line.YearOffset);
            w.WriteString(ComponentName, line.Component);
            WriteAmount(w, AmountName, line.AmountFen);
            w.WriteString(TriggerName, TriggerText(line.Trigger));
            if (line.Stage is { } stage) w.WriteNumber(StageName, stage);
            w.WriteBoolean(IsGrantName, line.IsGrant);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (includeTrace)
        {
            w.WriteStartArray(TraceName);
            var trace = d.Trace;
            for (var i = 0; i < trace.Count; i++)
            {
                var step = trace[i];
                w.WriteStartObject();
                w.WriteString(RuleName, step.Rule);
                w.WriteString(ArticleName, step.Article);
                w.WriteString(DetailName, step.Detail.Text(english));
                if (step.Text is { } words) w.WriteString(TextName, words);
                w.WriteStartObject(FiguresName);
                var figures = step.Figures;
                for (var f = 0; f < figures.Count; f++)
                {
                    var figure = figures[f];
                    w.WriteString(figure.Key, figure.Value);
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>Writes <c>{"error": {"code", "message", "field"}}</c>.</summary>
    public static void WriteError(Utf8JsonWriter w, QuoteError error, bool english)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(error);
        w.WriteStartObject();
        w.WriteStartObject(ErrorName);
        w.WriteString(CodeName, error.Code);
        w.WriteString(MessageName, error.Message(english));
        if (error.Field is null) w.WriteNull(FieldName);
        else w.WriteString(FieldName, error.Field);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static JsonEncodedText TriggerText(ScheduleTrigger trigger) =>
        (uint)trigger < (uint)TriggerTexts.Length ? TriggerTexts[(int)trigger] : JsonEncodedText.Encode(Json.Camel(trigger));

    /// <summary>
    /// Yuan with exactly two decimals, the same text as <c>WriteNumber(name, Money.ToYuan(fen))</c>, formatted
    /// from the integer fen and written as a raw number (formatting a decimal costs several times more).
    /// </summary>
    private static void WriteAmount(Utf8JsonWriter w, JsonEncodedText name, long? fen)
    {
        if (fen is not { } value)
        {
            w.WriteNull(name);
            return;
        }
        Span<byte> number = stackalloc byte[24];
        var length = Money.FormatYuanUtf8(value, number);
        w.WritePropertyName(name);
        w.WriteRawValue(number[..length], skipInputValidation: true);
    }
}
