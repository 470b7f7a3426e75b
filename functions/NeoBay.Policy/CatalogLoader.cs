using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using NeoBay.Policy.Calculations;

namespace NeoBay.Policy;

/// <summary>
/// Reads the YAML catalog strictly: every key known, every kind and fact known, every value cited
/// (measure code or "common.N" plus the seed's words), every cap and amount positive. Any problem
/// throws a <see cref="CatalogException"/> naming the file and the field.
/// </summary>
internal static class CatalogLoader
{
    private const string PolicyFile = "policy.yaml";

    /// <summary>
    /// Loads every edition of the catalog (common.16): one per date on which a dated value takes effect,
    /// each loaded and validated in full. Returns the first; <see cref="PolicyCatalog.At"/> gives the others.
    /// </summary>
    public static PolicyCatalog Load(IEnumerable<KeyValuePair<string, string>> files)
    {
        var roots = new SortedDictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (name, text) in files) roots[name] = Parse(name, text);
        if (!roots.ContainsKey(PolicyFile))
            throw new CatalogException(PolicyFile, "", "missing: the common rules file is required");

        var dates = new List<(DateOnly Date, bool First, string File, string Path)>();
        foreach (var (file, root) in roots) DatedValues.CollectDates(file, "", root, dates);
        var editions = new List<PolicyCatalog> { LoadEdition(roots, DateOnly.MinValue) };
        var start = editions[0].Policy.ValidFrom;
        foreach (var (date, first, file, path) in dates)
        {
            // The first version is the seed's, in force from the policy's first day; every change comes after it.
            if (first ? date > start : date <= start)
                throw new CatalogException(file, path, first ? $"the first version must be in force on {start:yyyy-MM-dd}" : $"a change must take effect after {start:yyyy-MM-dd}");
        }
        foreach (var date in dates.Where(d => !d.First).Select(d => d.Date).Distinct().Order())
            editions.Add(LoadEdition(roots, date));
        return PolicyCatalog.WithEditions(editions);
    }

    /// <summary>The catalog as in force on <paramref name="on"/>: every dated value replaced by its version of that day.</summary>
    private static PolicyCatalog LoadEdition(SortedDictionary<string, YamlNode> roots, DateOnly on)
    {
        var (policy, facts, groups) = ReadPolicy(new Node(PolicyFile, "", DatedValues.Resolve(roots[PolicyFile], on)));

        var measures = new List<MeasureDefinition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, yaml) in roots)
        {
            if (file == PolicyFile) continue;
            var root = new Node(file, "", DatedValues.Resolve(yaml, on));
            foreach (var m in ReadArticle(root, facts, groups, policy))
            {
                if (!seen.Add(m.Code)) throw new CatalogException(file, m.Code, "duplicate measure code");
                measures.Add(m);
            }
        }
        measures.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        return new PolicyCatalog(on == DateOnly.MinValue ? policy.ValidFrom : on, policy, facts, measures);
    }

    internal static YamlNode Parse(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new CatalogException(file, $"line {ex.Start.Line}", "not valid YAML: " + ex.Message);
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode)
            throw new CatalogException(file, "", "must hold one YAML mapping");
        return stream.Documents[0].RootNode;
    }

    private static (PolicyInfo, Dictionary<string, FactDefinition>, Dictionary<string, ApplicantKind[]>) ReadPolicy(Node root)
    {
        root.OnlyKeys("document", "titleZh", "titleEn", "validFrom", "validTo", "stagePlan", "claimYearOffset", "claimYears", "noDuplication", "switches", "applicantGroups", "facts");
        var validFrom = root.Map("validFrom");
        validFrom.OnlyKeys("value", "cite", "text", "reading");
        var validTo = root.Map("validTo");
        validTo.OnlyKeys("value", "cite", "text", "reading");
        var from = validFrom.Date("value");
        var to = validTo.Date("value");
        if (to < from) throw validTo.Fail("value", "validTo is before validFrom");

        var stagePlan = root.Map("stagePlan");
        stagePlan.OnlyKeys("value", "cite", "text", "reading");
        var stages = ReadStages(stagePlan.Child("value"));

        var claim = root.Map("claimYearOffset");
        claim.OnlyKeys("value", "cite", "text", "reading");
        var claimYears = root.Map("claimYears");
        claimYears.OnlyKeys("value", "cite", "text", "reading");
        var claimRange = claimYears.Map("value");
        claimRange.OnlyKeys("first", "last");
        var firstClaimYear = claimRange.Int("first");
        var lastClaimYear = claimRange.Int("last");
        if (firstClaimYear < 2000 || lastClaimYear < firstClaimYear) throw claimYears.Fail("value", "first ≤ last, both fiscal years");
        var noDup = root.Map("noDuplication");
        noDup.OnlyKeys("value", "cite", "text", "reading");
        var switches = ReadSwitches(root.Map("switches"));

        var groups = new Dictionary<string, ApplicantKind[]>(StringComparer.Ordinal);
        var groupsNode = root.Map("applicantGroups");
        foreach (var (name, node) in groupsNode.Entries())
        {
            var kinds = new List<ApplicantKind>();
            foreach (var item in node.Items()) kinds.Add(ParseApplicantKind(item, item.Scalar()));
            groups[name] = [.. kinds];
        }

        var facts = new Dictionary<string, FactDefinition>(StringComparer.Ordinal);
        foreach (var (name, node) in root.Map("facts").Entries())
        {
            node.OnlyKeys("type", "zh", "en", "values", "declared");
            var type = node.Enum<FactType>("type");
            var values = new List<string>();
            if (node.Has("values"))
            {
                if (type != FactType.Choice) throw node.Fail("values", "only a choice fact lists values");
                foreach (var v in node.Child("values").Items()) values.Add(v.Scalar());
            }
            else if (type == FactType.Choice)
            {
                throw node.Fail("values", "a choice fact must list its values");
            }
            facts[name] = new FactDefinition(name, type, node.Str("zh"), node.Str("en"), values) { Declared = node.Has("declared") && node.Bool("declared") };
        }

        var policy = new PolicyInfo(
            root.Str("document"), root.Str("titleZh"), root.Str("titleEn"), from, to,
            Cite(validFrom, null), stages, Cite(stagePlan, null),
            claim.Int("value"), Cite(claim, null), Cite(noDup, null))
        {
            FirstClaimYear = firstClaimYear,
            LastClaimYear = lastClaimYear,
            ClaimYearsCitation = Cite(claimYears, null),
            Switches = switches,
        };
        return (policy, facts, groups);
    }

    /// <summary>common.10: the readings of 从优就高不重复 inside the policy, each a named, cited switch marked as a reading.</summary>
    private static PolicySwitches ReadSwitches(Node node)
    {
        node.OnlyKeys(PolicySwitches.NoDuplicationWithinPolicyName, PolicySwitches.FirstTimeTierTopUpName);
        var noDup = Switch(node, PolicySwitches.NoDuplicationWithinPolicyName);
        var topUp = Switch(node, PolicySwitches.FirstTimeTierTopUpName);
        var topUpValue = topUp.Str("value") switch
        {
            "difference" => TierTopUp.Difference,
            "full" => TierTopUp.Full,
            var s => throw topUp.Fail("value", $"'{s}' is not difference or full"),
        };
        return new PolicySwitches(noDup.Bool("value"), Cite(noDup, null), topUpValue, Cite(topUp, null));
    }

    private static Node Switch(Node switches, string name)
    {
        var node = switches.Map(name);
        node.OnlyKeys("value", "cite", "text", "reading");
        if (!node.Has("reading") || !node.Bool("reading")) throw node.Fail("reading", "a switch is a reading: mark it reading: true");
        return node;
    }

    private static IEnumerable<MeasureDefinition> ReadArticle(
        Node root, Dictionary<string, FactDefinition> facts, Dictionary<string, ApplicantKind[]> groups, PolicyInfo policy)
    {
        root.OnlyKeys("article", "articleZh", "articleEn", "measures");
        var article = root.Int("article");
        if (article is < 1 or > 20) throw root.Fail("article", "must be 1…20");
        var articleZh = root.Str("articleZh");
        var articleEn = root.Str("articleEn");
        var expectedFile = $"a{article:00}.yaml";
        if (root.File != expectedFile) throw root.Fail("article", $"article {article} belongs in {expectedFile}");
        var list = new List<MeasureDefinition>();
        foreach (var m in root.Child("measures").Items())
            list.Add(ReadMeasure(m, article, articleZh, articleEn, facts, groups, policy));
        if (list.Count == 0) throw root.Fail("measures", "lists no measure");
        return list;
    }

    private static MeasureDefinition ReadMeasure(
        Node m, int article, string articleZh, string articleEn,
        Dictionary<string, FactDefinition> facts, Dictionary<string, ApplicantKind[]> groups, PolicyInfo policy)
    {
        m.OnlyKeys("code", "titleZh", "titleEn", "text", "kind", "applicantKinds", "requiredFacts", "projectKey", "parameters", "requiredDocuments");
        var code = m.Str("code");
        if (code.Length != 5 || code[0] != 'A' || code[3] != '.' || !char.IsAsciiDigit(code[1]) || !char.IsAsciiDigit(code[2]) || !char.IsAsciiDigit(code[4]))
            throw m.Fail("code", $"'{code}' is not A{{article:00}}.{{paragraph}}");
        if (int.Parse(code.AsSpan(1, 2), CultureInfo.InvariantCulture) != article)
            throw m.Fail("code", $"'{code}' is not in article {article}");
        var kind = m.Enum<CalculationKind>("kind");

        // Applicant kinds (cited).
        var kindsNode = m.Map("applicantKinds");
        kindsNode.OnlyKeys("value", "cite", "text", "reading");
        var kinds = new List<ApplicantKind>();
        foreach (var item in kindsNode.Child("value").Items())
        {
            var name = item.Scalar();
            if (groups.TryGetValue(name, out var g)) kinds.AddRange(g);
            else kinds.Add(ParseApplicantKind(item, name));
        }
        if (kinds.Count == 0) throw kindsNode.Fail("value", "no applicant kind");
        var kindsCitation = Cite(kindsNode, code);

        // Required facts (each cited).
        var required = new List<RequiredFact>();
        if (m.Has("requiredFacts"))
        {
            foreach (var f in m.Child("requiredFacts").Items())
            {
                f.OnlyKeys("fact", "equals", "optional", "cite", "text", "reading");
                var name = f.Str("fact");
                if (!facts.TryGetValue(name, out var def)) throw f.Fail("fact", $"unknown fact '{name}'");
                string? equals = null;
                if (f.Has("equals"))
                {
                    equals = f.Str("equals");
                    if (def.Type == FactType.Flag && equals is not ("true" or "false")) throw f.Fail("equals", "a flag equals true or false");
                    if (def.Type == FactType.Choice && !def.Values.Contains(equals)) throw f.Fail("equals", $"'{equals}' is not a value of {name}");
                    if (def.Type is not (FactType.Flag or FactType.Choice)) throw f.Fail("equals", "only flags and choices can be required to equal a value");
                }
                required.Add(new RequiredFact(name, equals, f.Has("optional") && f.Bool("optional"), Cite(f, code)));
            }
        }

        // common.13: the project key is required unless the measure names another unit (cited).
        var projectKey = ProjectKeyRule.Required;
        if (m.Has("projectKey"))
        {
            var pk = m.Map("projectKey");
            pk.OnlyKeys("value", "cite", "text", "reading");
            projectKey = pk.Str("value") switch
            {
                "required" => ProjectKeyRule.Required,
                "applicant" => ProjectKeyRule.Applicant,
                "none" => ProjectKeyRule.None,
                var s => throw pk.Fail("value", $"'{s}' is not required, applicant or none"),
            };
            Cite(pk, code);
        }

        // Parameters (each cited), typed by name; the kind's record takes and validates them (Calculations/{Kind}/).
        var parameters = new List<MeasureParameter>();
        var measureNode = m;
        var set = new ParameterSet(code, kind, (field, problem) => measureNode.Fail(field, problem), required, facts);
        if (m.Has("parameters"))
        {
            foreach (var (name, p) in m.Map("parameters").Entries())
            {
                p.OnlyKeys("value", "unit", "cite", "text", "reading");
                var citation = Cite(p, code);
                var unit = p.Has("unit") ? p.Str("unit") : null;
                object shown;
                switch (name)
                {
                    case "base":
                    case "tierFact":
                    case "tierScope":
                        var text = p.Str("value");
                        if (name == "tierScope" && text is not ("applicant" or "project")) throw p.Fail("value", "tierScope is applicant or project");
                        set.Add(name, text);
                        shown = text;
                        break;
                    case "rate":
                    case "operatingRate":
                        var r = p.Decimal("value");
                        if (r <= 0 || r > 1) throw p.Fail("value", "a rate is a decimal in (0, 1]");
                        set.Add(name, r);
                        shown = r;
                        break;
                    case "cap":
                    case "amount":
                    case "startupCap":
                    case "equityCap":
                    case "constructionCap":
                    case "operatingCap":
                    case "smeQuota":
                    case "teamQuota":
                        if (unit != "CNY") throw p.Fail("unit", "an amount has unit CNY");
                        var yuan = p.Decimal("value");
                        set.Add(name, ToFen(p, "value", yuan));
                        shown = yuan;
                        break;
                    case "operatingYears":
                        var operatingYears = p.Int("value");
                        if (operatingYears is < 1 or > 10) throw p.Fail("value", "operating years must be 1…10");
                        set.Add(name, operatingYears);
                        shown = operatingYears;
                        break;
                    case "stages":
                        var sv = p.Child("value");
                        var stages = sv.IsScalar && sv.Scalar() == "default" ? policy.DefaultStages : ReadStages(sv);
                        set.Add(name, stages);
                        shown = StagesText(stages);
                        break;
                    case "tiers":
                        var tiers = new List<TierDefinition>();
                        foreach (var t in p.Child("value").Items())
                        {
                            t.OnlyKeys("tier", "amount", "rank");
                            var tierYuan = t.Decimal("amount");
                            tiers.Add(new TierDefinition(t.Str("tier"), ToFen(t, "amount", tierYuan), t.Has("rank") ? t.Int("rank") : 0));
                        }
                        if (tiers.Count == 0) throw p.Fail("value", "no tier");
                        if (unit != "CNY") throw p.Fail("unit", "tier amounts have unit CNY");
                        set.Add(name, (IReadOnlyList<TierDefinition>)tiers);
                        shown = TiersText(tiers);
                        break;
                    case "categories":
                        var categories = new List<PersonCategory>();
                        foreach (var c in p.Child("value").Items())
                        {
                            c.OnlyKeys("category", "zh", "en", "yearly", "years", "once", "completion");
                            var yearly = c.Has("yearly") ? ToFen(c, "yearly", c.Decimal("yearly")) : 0;
                            var years = c.Has("years") ? c.Int("years") : 0;
                            var once = c.Has("once") ? ToFen(c, "once", c.Decimal("once")) : 0;
                            var completion = c.Has("completion") ? ToFen(c, "completion", c.Decimal("completion")) : 0;
                            if ((yearly > 0) != (years > 0)) throw c.Fail("years", "yearly and years go together");
                            if (yearly == 0 && once == 0) throw c.Fail("yearly", "a category pays yearly or once");
                            categories.Add(new PersonCategory(c.Str("category"), c.Str("zh"), c.Str("en"), yearly, years, once, completion));
                        }
                        if (categories.Count == 0) throw p.Fail("value", "no category");
                        if (unit != "CNY") throw p.Fail("unit", "category amounts have unit CNY");
                        set.Add(name, (IReadOnlyList<PersonCategory>)categories);
                        shown = string.Join("; ", categories.Select(c => c.Category));
                        break;
                    default:
                        throw m.Fail("parameters." + name, $"{code}: unknown parameter for kind {kind}");
                }
                parameters.Add(new MeasureParameter(name, shown, unit, citation));
            }
        }
        var calculation = CalculationKinds.Load(set);

        // Required documents.
        var documents = new List<RequiredDocument>();
        foreach (var d in m.Child("requiredDocuments").Items())
        {
            d.OnlyKeys("category", "zh", "en");
            documents.Add(new RequiredDocument(d.Str("category"), d.Str("zh"), d.Str("en")));
        }
        if (documents.Count == 0) throw m.Fail("requiredDocuments", "lists no document");

        return new MeasureDefinition
        {
            Code = code,
            Article = article,
            ArticleZh = articleZh,
            ArticleEn = articleEn,
            TitleZh = m.Str("titleZh"),
            TitleEn = m.Str("titleEn"),
            Text = m.Str("text"),
            Calculation = calculation,
            ProjectKey = projectKey,
            ApplicantKinds = kinds.Distinct().ToArray(),
            ApplicantKindsCitation = kindsCitation,
            RequiredFacts = required,
            RequiredDocuments = documents,
            Parameters = parameters,
            SourceFile = m.File,
            ParameterDates = [.. parameters.Select(p => new KeyValuePair<string, string>(p.Name, (p.Citation.Since ?? policy.ValidFrom).ToString("O", CultureInfo.InvariantCulture)))],
        };
    }

    private static IReadOnlyList<StageDefinition> ReadStages(Node value)
    {
        var stages = new List<StageDefinition>();
        var sum = 0m;
        foreach (var s in value.Items())
        {
            s.OnlyKeys("share", "trigger");
            var share = s.Decimal("share");
            if (share <= 0 || share > 1) throw s.Fail("share", "a share is in (0, 1]");
            var trigger = s.Enum<ScheduleTrigger>("trigger");
            if (trigger is not (ScheduleTrigger.Approval or ScheduleTrigger.Acceptance or ScheduleTrigger.Completion))
                throw s.Fail("trigger", "a stage is released on approval, acceptance or completion");
            stages.Add(new StageDefinition(share, trigger));
            sum += share;
        }
        if (stages.Count < 2) throw value.Fail("", "a stage plan has at least two stages");
        if (sum != 1m) throw value.Fail("", $"stage shares add up to {sum}, not 1");
        return stages;
    }

    private static string StagesText(IReadOnlyList<StageDefinition> stages) =>
        string.Join(" + ", stages.Select(s => $"{(s.Share * 100m).ToString("0.##", CultureInfo.InvariantCulture)}% on {Json.Camel(s.Trigger.ToString())}"));

    private static string TiersText(List<TierDefinition> tiers) =>
        string.Join("; ", tiers.Select(t => $"{t.Tier}: {Money.FormatYuan(t.AmountFen)}"));

    private static long ToFen(Node node, string key, decimal yuan)
    {
        if (yuan <= 0) throw node.Fail(key, "must be positive");
        if (decimal.Round(yuan, 2) != yuan) throw node.Fail(key, "at most two decimals (fen)");
        if (yuan > Money.MaxYuan) throw node.Fail(key, "too large");
        return (long)(yuan * 100m);
    }

    private static Citation Cite(Node node, string? measureCode)
    {
        var cite = node.Str("cite");
        var valid = cite == measureCode || (cite.StartsWith("common.", StringComparison.Ordinal)
            && int.TryParse(cite.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 16);
        if (!valid) throw node.Fail("cite", $"'{cite}' must be {(measureCode is null ? "" : measureCode + " or ")}common.1…common.16");
        var text = node.Str("text");
        return new Citation(cite, text, node.Has("reading") && node.Bool("reading"))
        {
            Since = node.Has(DatedValues.Since) ? node.Date(DatedValues.Since) : null,
            Source = node.Has(DatedValues.Source) ? node.Str(DatedValues.Source) : null,
        };
    }

    private static ApplicantKind ParseApplicantKind(Node node, string name)
    {
        if (Json.TryParseEnum<ApplicantKind>(name, out var kind)) return kind;
        throw node.Fail("", $"unknown applicant kind '{name}'");
    }

    /// <summary>A YAML node with its file and path, for error messages.</summary>
    private readonly struct Node(string file, string path, YamlNode yaml)
    {
        public string File => file;
        public bool IsScalar => yaml is YamlScalarNode;

        private string PathOf(string key) => path.Length == 0 ? key : key.Length == 0 ? path : path + "." + key;

        public CatalogException Fail(string key, string problem) => new(file, PathOf(key), problem);

        private YamlMappingNode Mapping => yaml as YamlMappingNode ?? throw Fail("", "must be a mapping");

        public bool Has(string key) => Mapping.Children.ContainsKey(new YamlScalarNode(key));

        public Node Child(string key)
        {
            if (!Mapping.Children.TryGetValue(new YamlScalarNode(key), out var child)) throw Fail(key, "missing");
            return new Node(file, PathOf(key), child);
        }

        public Node Map(string key)
        {
            var child = Child(key);
            if (child.Yaml is not YamlMappingNode) throw Fail(key, "must be a mapping");
            return child;
        }

        private YamlNode Yaml => yaml;

        /// <summary>Refuses keys not in <paramref name="allowed"/>; a cited value may also carry the date and source of its version (common.16).</summary>
        public void OnlyKeys(params string[] allowed)
        {
            var cited = Array.IndexOf(allowed, "cite") >= 0;
            foreach (var (k, _) in Mapping.Children)
            {
                var name = (k as YamlScalarNode)?.Value ?? "";
                if (cited && name is DatedValues.Since or DatedValues.Source) continue;
                if (Array.IndexOf(allowed, name) < 0) throw Fail(name, "unknown key");
            }
        }

        public IEnumerable<(string Name, Node Value)> Entries()
        {
            var list = new List<(string, Node)>();
            foreach (var (k, v) in Mapping.Children)
            {
                var name = (k as YamlScalarNode)?.Value ?? throw Fail("", "keys are scalars");
                list.Add((name, new Node(file, PathOf(name), v)));
            }
            return list;
        }

        public IEnumerable<Node> Items()
        {
            if (yaml is not YamlSequenceNode seq) throw Fail("", "must be a list");
            var list = new List<Node>();
            var i = 0;
            foreach (var item in seq.Children) list.Add(new Node(file, $"{path}[{i++}]", item));
            return list;
        }

        public string Scalar()
        {
            if (yaml is not YamlScalarNode s || string.IsNullOrWhiteSpace(s.Value)) throw Fail("", "must be a non-empty value");
            return s.Value!.Trim();
        }

        public string Str(string key) => Child(key).Scalar();

        public decimal Decimal(string key)
        {
            var s = Str(key);
            if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
                throw Fail(key, $"'{s}' is not a number");
            return d;
        }

        public int Int(string key)
        {
            var s = Str(key);
            if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) throw Fail(key, $"'{s}' is not an integer");
            return i;
        }

        public bool Bool(string key) => Str(key) switch
        {
            "true" => true,
            "false" => false,
            var s => throw Fail(key, $"'{s}' is not true or false"),
        };

        public DateOnly Date(string key)
        {
            var s = Str(key);
            if (!DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) throw Fail(key, $"'{s}' is not yyyy-MM-dd");
            return d;
        }

        public T Enum<T>(string key) where T : struct, System.Enum
        {
            var s = Str(key);
            if (Json.TryParseEnum<T>(s, out var v)) return v;
            throw Fail(key, $"unknown {typeof(T).Name} '{s}'");
        }
    }
}
