using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace NeoBay.Policy;

/// <summary>
/// China's official working days: Monday to Friday, less the State Council's holidays, plus its adjusted working
/// weekends (调休), as dated data in <c>Catalog/Calendar/china-working-days.yaml</c>. A year outside the data is read
/// as plain Monday–Friday (<see cref="Covers"/> says which years are data).
/// </summary>
public sealed class WorkingDayCalendar
{
    public const string ResourceName = "NeoBay.Policy.Calendar.china-working-days.yaml";

    private static readonly Lazy<WorkingDayCalendar> Embedded = new(LoadEmbeddedCore, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly HashSet<DateOnly> holidays;
    private readonly HashSet<DateOnly> workdays;
    private readonly Dictionary<int, CalendarYear> years;

    private WorkingDayCalendar(HashSet<DateOnly> holidays, HashSet<DateOnly> workdays, Dictionary<int, CalendarYear> years, int serviceDeadlineWorkingDays, Citation serviceDeadlineCitation)
    {
        this.holidays = holidays;
        this.workdays = workdays;
        this.years = years;
        ServiceDeadlineWorkingDays = serviceDeadlineWorkingDays;
        ServiceDeadlineCitation = serviceDeadlineCitation;
    }

    /// <summary>快申快享: an application is decided within this many working days after it became complete.</summary>
    public int ServiceDeadlineWorkingDays { get; }

    public Citation ServiceDeadlineCitation { get; }

    /// <summary>The years of the data, each with its source (the notice) and whether it is a reading (no notice yet).</summary>
    public IReadOnlyDictionary<int, CalendarYear> Years => years;

    public bool Covers(int year) => years.ContainsKey(year);

    public bool IsWorkingDay(DateOnly date)
    {
        if (workdays.Contains(date)) return true;
        if (holidays.Contains(date)) return false;
        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>The <paramref name="count"/>-th working day after <paramref name="start"/> (the start day itself is not counted).</summary>
    public DateOnly AddWorkingDays(DateOnly start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var day = start;
        for (var counted = 0; counted < count;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) counted++;
        }

        return day;
    }

    /// <summary>
    /// Working days from <paramref name="today"/> to <paramref name="dueBy"/>: those after today up to and including the
    /// due day (0 on the due day itself); negative when overdue, counting the working days after the due day up to today.
    /// </summary>
    public int WorkingDaysBetween(DateOnly today, DateOnly dueBy)
    {
        if (today == dueBy) return 0;
        var (from, to, sign) = today < dueBy ? (today, dueBy, 1) : (dueBy, today, -1);
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day)) count++;
        }

        return sign * count;
    }

    /// <summary>The calendar embedded in this assembly (loaded and validated once).</summary>
    public static WorkingDayCalendar LoadEmbedded() => Embedded.Value;

    /// <summary>Reads and validates the calendar YAML; throws <see cref="CatalogException"/> naming the field.</summary>
    public static WorkingDayCalendar Load(string fileName, string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new CatalogException(fileName, $"line {ex.Start.Line}", "not valid YAML: " + ex.Message);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("years"), out var yearsNode) || yearsNode is not YamlMappingNode yearMap)
            throw new CatalogException(fileName, "years", "must hold a mapping 'years' of year → {notice, holidays, workdays}");

        if (!root.Children.TryGetValue(new YamlScalarNode("serviceDeadline"), out var deadlineNode) || deadlineNode is not YamlMappingNode deadline)
            throw new CatalogException(fileName, "serviceDeadline", "required: {workingDays, cite, text}");
        if (!int.TryParse(Scalar(deadline, "workingDays", fileName, "serviceDeadline"), NumberStyles.None, CultureInfo.InvariantCulture, out var deadlineDays) || deadlineDays is < 1 or > 366)
            throw new CatalogException(fileName, "serviceDeadline.workingDays", "must be a whole number of days from 1 to 366");
        var deadlineCitation = new Citation(
            Scalar(deadline, "cite", fileName, "serviceDeadline") ?? throw new CatalogException(fileName, "serviceDeadline.cite", "required"),
            Scalar(deadline, "text", fileName, "serviceDeadline") ?? throw new CatalogException(fileName, "serviceDeadline.text", "required"),
            Scalar(deadline, "reading", fileName, "serviceDeadline") is { } dr && bool.Parse(dr));

        var holidays = new HashSet<DateOnly>();
        var workdays = new HashSet<DateOnly>();
        var years = new Dictionary<int, CalendarYear>();
        foreach (var (keyNode, valueNode) in yearMap.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
                throw new CatalogException(fileName, $"years.{key}", "must be a year");
            if (valueNode is not YamlMappingNode entry) throw new CatalogException(fileName, $"years.{key}", "must be a mapping");
            var field = $"years.{year}";
            foreach (var name in entry.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value))
            {
                if (name is not ("notice" or "reading" or "holidays" or "workdays")) throw new CatalogException(fileName, $"{field}.{name}", "unknown key");
            }

            var notice = Scalar(entry, "notice", fileName, field) ?? throw new CatalogException(fileName, $"{field}.notice", "required: the notice (or the reading) the dates come from");
            var reading = Scalar(entry, "reading", fileName, field) is { } r && bool.Parse(r);

            var yearHolidays = new List<Holiday>();
            foreach (var item in Sequence(entry, "holidays", fileName, field))
            {
                if (item is not YamlMappingNode h) throw new CatalogException(fileName, $"{field}.holidays", "each holiday is {name, from, to}");
                var name = Scalar(h, "name", fileName, field) ?? throw new CatalogException(fileName, $"{field}.holidays", "a holiday needs a name");
                var from = Date(h, "from", fileName, field, year);
                var to = Date(h, "to", fileName, field, year);
                if (to < from) throw new CatalogException(fileName, $"{field}.holidays.{name}", "to is before from");
                yearHolidays.Add(new Holiday(name, from, to));
                for (var d = from; d <= to; d = d.AddDays(1)) holidays.Add(d);
            }

            foreach (var item in Sequence(entry, "workdays", fileName, field))
            {
                var day = ParseDate(((YamlScalarNode)item).Value, fileName, $"{field}.workdays", year);
                if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                    throw new CatalogException(fileName, $"{field}.workdays", $"{day:yyyy-MM-dd} is not a weekend day: only a weekend day can be an adjusted working day");
                workdays.Add(day);
            }

            years[year] = new CalendarYear(year, notice, reading, yearHolidays);
        }

        var clash = workdays.FirstOrDefault(holidays.Contains);
        if (workdays.Overlaps(holidays)) throw new CatalogException(fileName, "workdays", $"{clash:yyyy-MM-dd} is both a holiday and a working day");
        return new WorkingDayCalendar(holidays, workdays, years, deadlineDays, deadlineCitation);
    }

    private static WorkingDayCalendar LoadEmbeddedCore()
    {
        using var stream = typeof(WorkingDayCalendar).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new CatalogException(ResourceName, "", "embedded resource missing");
        using var reader = new StreamReader(stream);
        return Load("Calendar/china-working-days.yaml", reader.ReadToEnd());
    }

    private static string? Scalar(YamlMappingNode node, string key, string file, string field) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? value is YamlScalarNode s ? s.Value : throw new CatalogException(file, $"{field}.{key}", "must be a scalar")
            : null;

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode node, string key, string file, string field) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? value as YamlSequenceNode ?? throw new CatalogException(file, $"{field}.{key}", "must be a list")
            : throw new CatalogException(file, $"{field}.{key}", "required (may be empty: [])");

    private static DateOnly Date(YamlMappingNode node, string key, string file, string field, int year) =>
        ParseDate(Scalar(node, key, file, field), file, $"{field}.{key}", year);

    private static DateOnly ParseDate(string? text, string file, string field, int year)
    {
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw new CatalogException(file, field, $"'{text}' is not a date yyyy-MM-dd");
        if (date.Year != year) throw new CatalogException(file, field, $"{text} is not in {year}");
        return date;
    }
}

/// <summary>One year of the calendar: its source, whether it is a reading (no notice yet), and its holidays.</summary>
public sealed record CalendarYear(int Year, string Notice, bool Reading, IReadOnlyList<Holiday> Holidays);

public sealed record Holiday(string Name, DateOnly From, DateOnly To);
