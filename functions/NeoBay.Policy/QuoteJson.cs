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

    private static QuoteParseResult ParseCore(JsonElement e, DateOnly today, PolicyCatalog catalog, QuoteParseOptions options)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Fail(QuoteError.InvalidJson, null);

        var measureDefinition = FindMeasure(e, catalog);
        var measure = measureDefinition.Code;

        var submittedOn = today;
        if (Present(e, "submittedOn", out var dateElement))
        {
            if (!options.AllowSubmittedOn) throw Fail(QuoteError.FieldNotAllowed, "submittedOn");
            submittedOn = ParseDate(dateElement, "submittedOn");
        }

        if (!Present(e, "applicant", out var a)) throw Fail(QuoteError.MissingField, "applicant");
        if (a.ValueKind != JsonValueKind.Object) throw Fail(QuoteError.InvalidValue, "applicant");
        var kind = FindKind(a);
        var uscc = RequiredString(a, "uscc", "applicant.uscc");
        if (!Uscc.IsValid(uscc)) throw Fail(QuoteError.InvalidUscc, "applicant.uscc");
        var applicant = new Applicant(kind, uscc, OptionalString(a, "name", "applicant.name"),
            OptionalBool(a, "inZone", "applicant.inZone"), OptionalBool(a, "isSme", "applicant.isSme"));

        ProjectRef? project = null;
        if (Present(e, "project", out var p))
        {
            if (p.ValueKind != JsonValueKind.Object) throw Fail(QuoteError.InvalidValue, "project");
            project = new ProjectRef(RequiredString(p, "key", "project.key"), OptionalString(p, "name", "project.name"));
        }

        var facts = new Dictionary<string, FactValue>(StringComparer.Ordinal);
        if (Present(e, "facts", out var f))
        {
            if (f.ValueKind != JsonValueKind.Object) throw Fail(QuoteError.InvalidValue, "facts");
            foreach (var property in f.EnumerateObject())
            {
                var path = "facts." + property.Name;
                if (!catalog.Facts.TryGetValue(property.Name, out var def)) throw Fail(QuoteError.UnknownFact, path);
                if (property.Value.ValueKind == JsonValueKind.Null) continue;
                facts[def.Name] = ParseFact(property.Value, def, measureDefinition, path);
            }
        }

        var otherSupport = new List<OtherSupport>();
        if (Present(e, "otherSupport", out var os))
        {
            if (os.ValueKind != JsonValueKind.Array) throw Fail(QuoteError.InvalidValue, "otherSupport");
            var i = 0;
            foreach (var item in os.EnumerateArray())
            {
                var path = $"otherSupport[{i++}]";
                if (item.ValueKind != JsonValueKind.Object) throw Fail(QuoteError.InvalidValue, path);
                otherSupport.Add(new OtherSupport(OptionalString(item, "policy", path + ".policy") ?? "", RequiredMoney(item, "amount", path + ".amount")));
            }
        }

        IReadOnlyList<PriorAward> history = NoHistory;
        if (Present(e, "history", out var h))
        {
            if (!options.AllowHistory) throw Fail(QuoteError.FieldNotAllowed, "history");
            if (h.ValueKind != JsonValueKind.Array) throw Fail(QuoteError.InvalidValue, "history");
            var list = new List<PriorAward>();
            var i = 0;
            foreach (var item in h.EnumerateArray())
            {
                var path = $"history[{i++}]";
                if (item.ValueKind != JsonValueKind.Object) throw Fail(QuoteError.InvalidValue, path);
                var priorMeasure = RequiredString(item, "measure", path + ".measure");
                if (!catalog.TryGet(priorMeasure, out _)) throw Fail(QuoteError.UnknownMeasure, path + ".measure");
                int? fiscalYear = null;
                if (Present(item, "fiscalYear", out var fy)) fiscalYear = ParseYear(fy, path + ".fiscalYear");
                list.Add(new PriorAward(priorMeasure, OptionalString(item, "projectKey", path + ".projectKey"),
                    OptionalString(item, "tier", path + ".tier"), RequiredMoney(item, "amount", path + ".amount"), fiscalYear));
            }
            history = list;
        }

        var request = new EvaluationRequest(measure, submittedOn, applicant, project, facts, otherSupport);
        return new QuoteParseResult(request, history, null);
    }

    private static readonly ApplicantKind[] Kinds = Enum.GetValues<ApplicantKind>();

    /// <summary>The measure by code, matched on the UTF-8 value (no string allocated for known codes).</summary>
    private static MeasureDefinition FindMeasure(JsonElement e, PolicyCatalog catalog)
    {
        if (!Present(e, "measure", out var v)) throw Fail(QuoteError.MissingField, "measure");
        if (v.ValueKind != JsonValueKind.String) throw Fail(QuoteError.InvalidValue, "measure");
        var measures = catalog.Measures;
        for (var i = 0; i < measures.Count; i++)
        {
            if (v.ValueEquals(measures[i].Code)) return measures[i];
        }
        throw Fail(string.IsNullOrWhiteSpace(v.GetString()) ? QuoteError.MissingField : QuoteError.UnknownMeasure, "measure");
    }

    private static ApplicantKind FindKind(JsonElement applicant)
    {
        if (!Present(applicant, "kind", out var v)) throw Fail(QuoteError.MissingField, "applicant.kind");
        if (v.ValueKind != JsonValueKind.String) throw Fail(QuoteError.InvalidValue, "applicant.kind");
        foreach (var kind in Kinds)
        {
            if (v.ValueEquals(Json.Camel(kind))) return kind;
        }
        throw Fail(string.IsNullOrWhiteSpace(v.GetString()) ? QuoteError.MissingField : QuoteError.InvalidKind, "applicant.kind");
    }

    /// <summary>A string that is one of <paramref name="known"/> comes back as the known instance (no allocation).</summary>
    private static string KnownOrNew(JsonElement v, IReadOnlyList<string> known)
    {
        for (var i = 0; i < known.Count; i++)
        {
            if (v.ValueEquals(known[i])) return known[i];
        }
        return v.GetString()!;
    }

    private static FactValue ParseFact(JsonElement v, FactDefinition def, MeasureDefinition measure, string path)
    {
        switch (def.Type)
        {
            case FactType.Money:
                return FactValue.Of(ParseMoneyYuan(v, path));
            case FactType.Year:
                return FactValue.Of((decimal)ParseYear(v, path));
            case FactType.Flag:
                if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Fail(QuoteError.InvalidValue, path);
                return FactValue.Of(v.GetBoolean());
            case FactType.Choice:
                if (v.ValueKind != JsonValueKind.String) throw Fail(QuoteError.InvalidValue, path);
                return FactValue.Of(KnownOrNew(v, def.Values));
            case FactType.Persons:
                if (v.ValueKind != JsonValueKind.Array) throw Fail(QuoteError.InvalidValue, path);
                var persons = new List<PersonFact>(v.GetArrayLength());
                var categories = measure.PersonCategoryNames;
                var i = 0;
                foreach (var item in v.EnumerateArray())
                {
                    var itemPath = $"{path}[{i++}]";
                    if (item.ValueKind != JsonValueKind.Object) throw Fail(QuoteError.InvalidValue, itemPath);
                    persons.Add(new PersonFact(RequiredKnownString(item, "category", itemPath + ".category", categories),
                        OptionalString(item, "name", itemPath + ".name"), OptionalString(item, "id", itemPath + ".id")));
                }
                return FactValue.Of(persons);
            default:
                throw Fail(QuoteError.InvalidValue, path);
        }
    }

    private static bool Present(JsonElement obj, string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static string RequiredString(JsonElement obj, string name, string path)
    {
        if (!Present(obj, name, out var v)) throw Fail(QuoteError.MissingField, path);
        if (v.ValueKind != JsonValueKind.String) throw Fail(QuoteError.InvalidValue, path);
        var s = v.GetString()!;
        if (string.IsNullOrWhiteSpace(s)) throw Fail(QuoteError.MissingField, path);
        return s;
    }

    private static string RequiredKnownString(JsonElement obj, string name, string path, IReadOnlyList<string> known)
    {
        if (!Present(obj, name, out var v)) throw Fail(QuoteError.MissingField, path);
        if (v.ValueKind != JsonValueKind.String) throw Fail(QuoteError.InvalidValue, path);
        var s = KnownOrNew(v, known);
        if (string.IsNullOrWhiteSpace(s)) throw Fail(QuoteError.MissingField, path);
        return s;
    }

    private static string? OptionalString(JsonElement obj, string name, string path)
    {
        if (!Present(obj, name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.String) throw Fail(QuoteError.InvalidValue, path);
        return v.GetString();
    }

    private static bool OptionalBool(JsonElement obj, string name, string path)
    {
        if (!Present(obj, name, out var v)) return false;
        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw Fail(QuoteError.InvalidValue, path);
        return v.GetBoolean();
    }

    private static long RequiredMoney(JsonElement obj, string name, string path)
    {
        if (!Present(obj, name, out var v)) throw Fail(QuoteError.MissingField, path);
        Money.TryYuanToFen(ParseMoneyYuan(v, path), out var fen);
        return fen;
    }

    /// <summary>Yuan with at most two decimals, 0 ≤ x ≤ 10^12 (common rule 3).</summary>
    private static decimal ParseMoneyYuan(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var yuan) || !Money.TryYuanToFen(yuan, out _))
            throw Fail(QuoteError.InvalidNumber, path);
        return yuan;
    }

    private static int ParseYear(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var year) || year is < 1900 or > 9999) throw Fail(QuoteError.InvalidNumber, path);
        return year;
    }

    private static DateOnly ParseDate(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.String
            || !DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw Fail(QuoteError.InvalidDate, path);
        return date;
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

    /// <summary>Writes the quote result object of DESIGN.md: amounts in yuan with two decimals, or null.</summary>
    public static void WriteDecision(Utf8JsonWriter w, Decision d, bool english, bool includeTrace = true)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(d);
        w.WriteStartObject();
        w.WriteString("measure", d.Measure);
        w.WriteBoolean("eligible", d.Eligible);
        WriteAmount(w, "amount", d.AmountFen);
        w.WriteBoolean("discretionary", d.Discretionary);
        if (d.Tier is not null) w.WriteString("tier", d.Tier);
        w.WriteStartArray("reasons");
        var reasons = d.Reasons;
        for (var i = 0; i < reasons.Count; i++)
        {
            var r = reasons[i];
            w.WriteStartObject();
            w.WriteString("code", r.Code);
            w.WriteString("message", r.Message(english));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("schedule");
        var schedule = d.Schedule;
        for (var i = 0; i < schedule.Count; i++)
        {
            var line = schedule[i];
            w.WriteStartObject();
            w.WriteNumber("fiscalYear", line.FiscalYear);
            w.WriteNumber("yearOffset", line.YearOffset);
            w.WriteString("component", line.Component);
            WriteAmount(w, "amount", line.AmountFen);
            w.WriteString("trigger", Json.Camel(line.Trigger));
            if (line.Stage is { } stage) w.WriteNumber("stage", stage);
            w.WriteBoolean("isGrant", line.IsGrant);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (includeTrace)
        {
            w.WriteStartArray("trace");
            var trace = d.Trace;
            for (var i = 0; i < trace.Count; i++)
            {
                var step = trace[i];
                w.WriteStartObject();
                w.WriteString("rule", step.Rule);
                w.WriteString("article", step.Article);
                w.WriteString("detail", step.Detail);
                w.WriteStartObject("figures");
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
        w.WriteStartObject("error");
        w.WriteString("code", error.Code);
        w.WriteString("message", error.Message(english));
        if (error.Field is null) w.WriteNull("field");
        else w.WriteString("field", error.Field);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteAmount(Utf8JsonWriter w, string name, long? fen)
    {
        if (fen is { } value) w.WriteNumber(name, Money.ToYuan(value));
        else w.WriteNull(name);
    }

    private sealed class QuoteFormatException(QuoteError error) : Exception(error.MessageEn)
    {
        public QuoteError Error { get; } = error;
    }
}
