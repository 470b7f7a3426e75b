using System.Globalization;
using System.Text.Json;

namespace NeoBay.Policy;

/// <summary>What a caller of <see cref="QuoteJson.Parse"/> accepts: the application API forbids <c>history</c> and <c>submittedOn</c>.</summary>
public sealed record QuoteParseOptions(bool AllowHistory, bool AllowSubmittedOn)
{
    /// <summary>Quotes (CLI, <c>POST /api/quotes</c>): both allowed.</summary>
    public static QuoteParseOptions Quote { get; } = new(true, true);

    /// <summary>Applications: history comes from the applicant's grants, the date from the clock.</summary>
    public static QuoteParseOptions Application { get; } = new(false, false);
}

/// <summary>A request that is not valid: a stable code, zh-CN and en messages, and the JSON path of the field.</summary>
public sealed record QuoteError(string Code, string MessageZh, string MessageEn, string? Field)
{
    public const string UnknownMeasure = "UnknownMeasure";
    public const string InvalidUscc = "InvalidUscc";
    public const string InvalidDate = "InvalidDate";
    public const string InvalidNumber = "InvalidNumber";
    public const string InvalidKind = "InvalidKind";
    public const string MissingField = "MissingField";
    public const string UnknownFact = "UnknownFact";
    public const string InvalidJson = "InvalidJson";
    /// <summary>A value of the wrong JSON type (not a number: flags, texts, objects, lists).</summary>
    public const string InvalidValue = "InvalidValue";
    /// <summary><c>history</c> or <c>submittedOn</c> where the caller does not allow them.</summary>
    public const string FieldNotAllowed = "FieldNotAllowed";

    public string Message(bool english) => english ? MessageEn : MessageZh;
}

/// <summary>The result of parsing one request: either a request (with its history) or an error.</summary>
public sealed record QuoteParseResult(EvaluationRequest? Request, IReadOnlyList<PriorAward> History, QuoteError? Error)
{
    public bool IsValid => Error is null;
}

/// <summary>
/// The JSON edge of the quote contract (DESIGN.md): request objects in, decision or error objects out.
/// Amounts are yuan with at most two decimals at the edge and fen inside.
/// </summary>
public static class QuoteJson
{
    private static readonly IReadOnlyList<PriorAward> NoHistory = [];

    public static QuoteParseResult Parse(JsonElement element, DateOnly today, PolicyCatalog catalog, QuoteParseOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return ParseCore(element, today, catalog, options);
        }
        catch (QuoteFormatException ex)
        {
            return new QuoteParseResult(null, NoHistory, ex.Error);
        }
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
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
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
        if (e.ValueKind != JsonValueKind.Object) throw Fail(QuoteError.InvalidJson, null);

        var measureDefinition = FindMeasure(e, catalog);
        var measure = measureDefinition.Code;

        var submittedOn = today;
        if (Present(e, SubmittedOnName, out var dateElement))
        {
            if (!options.AllowSubmittedOn) throw Fail(QuoteError.FieldNotAllowed, "submittedOn");
            submittedOn = ParseDate(dateElement, "submittedOn");
        }

        if (!Present(e, ApplicantName, out var a)) throw Fail(QuoteError.MissingField, "applicant");
        if (a.ValueKind != JsonValueKind.Object) throw Fail(QuoteError.InvalidValue, "applicant");
        var applicantAt = new At("applicant");
        var kind = FindKind(a);
        var uscc = RequiredString(a, UsccName, applicantAt);
        if (!Uscc.IsValid(uscc)) throw Fail(QuoteError.InvalidUscc, "applicant.uscc");
        var applicant = new Applicant(kind, uscc, OptionalString(a, NameName, applicantAt),
            OptionalBool(a, InZoneName, applicantAt), OptionalBool(a, IsSmeName, applicantAt));

        ProjectRef? project = null;
        if (Present(e, ProjectName, out var p))
        {
            if (p.ValueKind != JsonValueKind.Object) throw Fail(QuoteError.InvalidValue, "project");
            var projectAt = new At("project");
            project = new ProjectRef(RequiredString(p, KeyName, projectAt), OptionalString(p, NameName, projectAt));
        }

        var facts = new Dictionary<string, FactValue>(StringComparer.Ordinal);
        if (Present(e, FactsName, out var f))
        {
            if (f.ValueKind != JsonValueKind.Object) throw Fail(QuoteError.InvalidValue, "facts");
            foreach (var property in f.EnumerateObject())
            {
                if (!catalog.Facts.TryGetValue(property.Name, out var def)) throw Fail(QuoteError.UnknownFact, "facts." + property.Name);
                if (property.Value.ValueKind == JsonValueKind.Null) continue;
                facts[def.Name] = ParseFact(property.Value, def, measureDefinition);
            }
        }

        IReadOnlyList<OtherSupport> otherSupport = [];
        if (Present(e, OtherSupportName, out var os))
        {
            if (os.ValueKind != JsonValueKind.Array) throw Fail(QuoteError.InvalidValue, "otherSupport");
            var list = new List<OtherSupport>(os.GetArrayLength());
            var i = 0;
            foreach (var item in os.EnumerateArray())
            {
                var at = At.Item("otherSupport", i++);
                if (item.ValueKind != JsonValueKind.Object) throw Fail(QuoteError.InvalidValue, at.ToString());
                list.Add(new OtherSupport(OptionalString(item, PolicyName, at) ?? "", RequiredMoney(item, AmountName, at)));
            }
            otherSupport = list;
        }

        IReadOnlyList<PriorAward> history = NoHistory;
        if (Present(e, HistoryName, out var h))
        {
            if (!options.AllowHistory) throw Fail(QuoteError.FieldNotAllowed, "history");
            if (h.ValueKind != JsonValueKind.Array) throw Fail(QuoteError.InvalidValue, "history");
            var list = new List<PriorAward>(h.GetArrayLength());
            var i = 0;
            foreach (var item in h.EnumerateArray())
            {
                var at = At.Item("history", i++);
                if (item.ValueKind != JsonValueKind.Object) throw Fail(QuoteError.InvalidValue, at.ToString());
                var priorMeasure = RequiredString(item, MeasureName, at);
                if (!catalog.TryGet(priorMeasure, out _)) throw Fail(QuoteError.UnknownMeasure, at.Field(MeasureName));
                int? fiscalYear = null;
                if (Present(item, FiscalYearName, out var fy)) fiscalYear = ParseYear(fy, at, FiscalYearName);
                list.Add(new PriorAward(priorMeasure, OptionalString(item, ProjectKeyName, at),
                    OptionalString(item, TierName, at), RequiredMoney(item, AmountName, at), fiscalYear));
            }
            history = list;
        }

        var request = new EvaluationRequest(measure, submittedOn, applicant, project, facts, otherSupport);
        return new QuoteParseResult(request, history, null);
    }

    /// <summary>The measure by code (the catalog's own instance).</summary>
    private static MeasureDefinition FindMeasure(JsonElement e, PolicyCatalog catalog)
    {
        if (!Present(e, MeasureName, out var v)) throw Fail(QuoteError.MissingField, "measure");
        if (v.ValueKind != JsonValueKind.String) throw Fail(QuoteError.InvalidValue, "measure");
        var code = v.GetString()!;
        if (catalog.TryGet(code, out var measure)) return measure;
        throw Fail(string.IsNullOrWhiteSpace(code) ? QuoteError.MissingField : QuoteError.UnknownMeasure, "measure");
    }

    private static ApplicantKind FindKind(JsonElement applicant)
    {
        if (!Present(applicant, KindName, out var v)) throw Fail(QuoteError.MissingField, "applicant.kind");
        if (v.ValueKind != JsonValueKind.String) throw Fail(QuoteError.InvalidValue, "applicant.kind");
        var text = v.GetString()!;
        if (Json.TryParseEnum<ApplicantKind>(text, out var kind)) return kind;
        throw Fail(string.IsNullOrWhiteSpace(text) ? QuoteError.MissingField : QuoteError.InvalidKind, "applicant.kind");
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

    private static FactValue ParseFact(JsonElement v, FactDefinition def, MeasureDefinition measure)
    {
        switch (def.Type)
        {
            case FactType.Money:
                return FactValue.Of(ParseMoneyYuan(v, def.RequestPath));
            case FactType.Year:
                return FactValue.Of((decimal)ParseYear(v, def.RequestPath));
            case FactType.Flag:
                if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Fail(QuoteError.InvalidValue, def.RequestPath);
                return FactValue.Of(v.GetBoolean());
            case FactType.Choice:
                if (v.ValueKind != JsonValueKind.String) throw Fail(QuoteError.InvalidValue, def.RequestPath);
                return FactValue.Of(KnownOrNew(v, def.Values));
            case FactType.Persons:
                if (v.ValueKind != JsonValueKind.Array) throw Fail(QuoteError.InvalidValue, def.RequestPath);
                var persons = new List<PersonFact>(v.GetArrayLength());
                var categories = measure.PersonCategoryNames;
                var i = 0;
                foreach (var item in v.EnumerateArray())
                {
                    var at = At.Item(def.RequestPath, i++);
                    if (item.ValueKind != JsonValueKind.Object) throw Fail(QuoteError.InvalidValue, at.ToString());
                    persons.Add(new PersonFact(RequiredKnownString(item, CategoryName, at, categories),
                        OptionalString(item, NameName, at), OptionalString(item, IdName, at)));
                }
                return FactValue.Of(persons);
            default:
                throw Fail(QuoteError.InvalidValue, def.RequestPath);
        }
    }

    private static bool Present(JsonElement obj, JsonEncodedText name, out JsonElement value) =>
        obj.TryGetProperty(name.EncodedUtf8Bytes, out value) && value.ValueKind != JsonValueKind.Null;

    private static string RequiredString(JsonElement obj, JsonEncodedText name, At at)
    {
        if (!Present(obj, name, out var v)) throw Fail(QuoteError.MissingField, at.Field(name));
        if (v.ValueKind != JsonValueKind.String) throw Fail(QuoteError.InvalidValue, at.Field(name));
        var s = v.GetString()!;
        if (string.IsNullOrWhiteSpace(s)) throw Fail(QuoteError.MissingField, at.Field(name));
        return s;
    }

    private static string RequiredKnownString(JsonElement obj, JsonEncodedText name, At at, IReadOnlyList<string> known)
    {
        if (!Present(obj, name, out var v)) throw Fail(QuoteError.MissingField, at.Field(name));
        if (v.ValueKind != JsonValueKind.String) throw Fail(QuoteError.InvalidValue, at.Field(name));
        var s = KnownOrNew(v, known);
        if (string.IsNullOrWhiteSpace(s)) throw Fail(QuoteError.MissingField, at.Field(name));
        return s;
    }

    private static string? OptionalString(JsonElement obj, JsonEncodedText name, At at)
    {
        if (!Present(obj, name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.String) throw Fail(QuoteError.InvalidValue, at.Field(name));
        return v.GetString();
    }

    private static bool OptionalBool(JsonElement obj, JsonEncodedText name, At at)
    {
        if (!Present(obj, name, out var v)) return false;
        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Fail(QuoteError.InvalidValue, at.Field(name));
        return v.GetBoolean();
    }

    private static long RequiredMoney(JsonElement obj, JsonEncodedText name, At at)
    {
        if (!Present(obj, name, out var v)) throw Fail(QuoteError.MissingField, at.Field(name));
        if (!TryParseMoneyYuan(v, out _, out var fen)) throw Fail(QuoteError.InvalidNumber, at.Field(name));
        return fen;
    }

    /// <summary>Yuan with at most two decimals, 0 ≤ x ≤ 10^12 (common rule 3).</summary>
    private static decimal ParseMoneyYuan(JsonElement v, string path) =>
        TryParseMoneyYuan(v, out var yuan, out _) ? yuan : throw Fail(QuoteError.InvalidNumber, path);

    private static bool TryParseMoneyYuan(JsonElement v, out decimal yuan, out long fen)
    {
        fen = 0;
        yuan = 0;
        return v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out yuan) && Money.TryYuanToFen(yuan, out fen);
    }

    private static int ParseYear(JsonElement v, At at, JsonEncodedText name) =>
        TryParseYear(v, out var year) ? year : throw Fail(QuoteError.InvalidNumber, at.Field(name));

    private static int ParseYear(JsonElement v, string path) =>
        TryParseYear(v, out var year) ? year : throw Fail(QuoteError.InvalidNumber, path);

    private static bool TryParseYear(JsonElement v, out int year)
    {
        year = 0;
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out year) && year is >= 1900 and <= 9999;
    }

    private static DateOnly ParseDate(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.String || !TryParseIsoDate(v.GetString()!, out var date)) throw Fail(QuoteError.InvalidDate, path);
        return date;
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

    private static QuoteFormatException Fail(string code, string? field) => new(Error(code, field));

    /// <summary>A <see cref="QuoteError"/> with the standard messages of its code.</summary>
    public static QuoteError Error(string code, string? field)
    {
        var at = field ?? "";
        var (zh, en) = code switch
        {
            QuoteError.UnknownMeasure => ($"未知的措施代码（{at}）。", $"Unknown measure code ({at})."),
            QuoteError.InvalidUscc => ($"统一社会信用代码无效（GB 32100-2015）（{at}）。", $"Not a valid unified social credit code, GB 32100-2015 ({at})."),
            QuoteError.InvalidDate => ($"日期格式须为 yyyy-MM-dd（{at}）。", $"A date must be yyyy-MM-dd ({at})."),
            QuoteError.InvalidNumber => ($"金额须为 0 至 10^12 之间、最多两位小数的数字（{at}）。", $"A number must be between 0 and 10^12 with at most two decimals ({at})."),
            QuoteError.InvalidKind => ($"未知的申请主体类型（{at}）。", $"Unknown applicant kind ({at})."),
            QuoteError.MissingField => ($"缺少必填字段（{at}）。", $"Missing required field ({at})."),
            QuoteError.UnknownFact => ($"未知的事实字段（{at}）。", $"Unknown fact ({at})."),
            QuoteError.InvalidJson => ("请求不是 JSON 对象。", "The request is not a JSON object."),
            QuoteError.FieldNotAllowed => ($"此处不允许该字段（{at}）。", $"This field is not allowed here ({at})."),
            _ => ($"字段值类型无效（{at}）。", $"The value has the wrong type ({at})."),
        };
        return new QuoteError(code, zh, en, field);
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
    private static readonly JsonEncodedText FiguresName = JsonEncodedText.Encode("figures");
    private static readonly JsonEncodedText ErrorName = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText FieldName = JsonEncodedText.Encode("field");

    /// <summary>The trigger names ("approval", …), lower-case ASCII letters: the same bytes under every encoder.</summary>
    private static readonly JsonEncodedText[] TriggerTexts =
        [.. Enum.GetValues<ScheduleTrigger>().Select(t => JsonEncodedText.Encode(Json.Camel(t)))];

    /// <summary>Writes the quote result object of DESIGN.md: amounts in yuan with two decimals, or null.</summary>
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
                w.WriteString(DetailName, step.Detail);
                w.WriteStartObject(FiguresName);
                var figures = step.Figures;
                for (var f = 0; f < figures.Count; f++) w.WriteString(figures[f].Key, figures[f].Value);
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

    private sealed class QuoteFormatException(QuoteError error) : Exception(error.MessageEn)
    {
        public QuoteError Error { get; } = error;
    }
}
