using System.Text.Json;
using System.Text.RegularExpressions;

namespace NeoBay.Infra.Tests.Support;

/// <summary>A resource of the compiled template, with the module (nested deployment) that holds it.</summary>
public sealed record ArmResource(string SymbolicName, JsonElement Body, ArmModule? Module)
{
    public string Type => Body.GetProperty("type").GetString()!;

    public bool IsExisting => Body.TryGetProperty("existing", out var e) && e.ValueKind == JsonValueKind.True;

    public JsonElement Properties => Body.GetProperty("properties");
}

/// <summary>A Bicep module: a Microsoft.Resources/deployments resource of main with its inner template.</summary>
public sealed record ArmModule(string SymbolicName, JsonElement Deployment)
{
    public JsonElement Template => Deployment.GetProperty("properties").GetProperty("template");

    /// <summary>The expression main passes for one of the module's parameters.</summary>
    public string ParameterValue(string name) =>
        Deployment.GetProperty("properties").GetProperty("parameters").GetProperty(name).GetProperty("value").ToString();

    public JsonElement Variable(string name) => Template.GetProperty("variables").GetProperty(name);
}

/// <summary>Reads a compiled ARM template (languageVersion 1 arrays or 2.0 symbolic objects).</summary>
public static partial class ArmTemplate
{
    public static IEnumerable<(string Name, JsonElement Body)> Resources(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out var resources))
        {
            yield break;
        }

        if (resources.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in resources.EnumerateObject())
            {
                yield return (p.Name, p.Value);
            }
        }
        else
        {
            var i = 0;
            foreach (var r in resources.EnumerateArray())
            {
                yield return ($"#{i++}", r);
            }
        }
    }

    public static IReadOnlyList<ArmModule> Modules(JsonElement main) =>
        Resources(main)
            .Where(r => r.Body.GetProperty("type").GetString() == "Microsoft.Resources/deployments")
            .Select(r => new ArmModule(r.Name, r.Body))
            .ToList();

    public static ArmModule Module(JsonElement main, string symbolicName) =>
        Modules(main).SingleOrDefault(m => m.SymbolicName == symbolicName)
        ?? throw new Xunit.Sdk.XunitException($"main.bicep has no module '{symbolicName}'.");

    /// <summary>Every resource of main and of its modules (one level: the modules are plain resources).</summary>
    public static IReadOnlyList<ArmResource> AllResources(JsonElement main)
    {
        var all = new List<ArmResource>();
        foreach (var (name, body) in Resources(main))
        {
            all.Add(new ArmResource(name, body, null));
        }

        foreach (var module in Modules(main))
        {
            foreach (var (name, body) in Resources(module.Template))
            {
                all.Add(new ArmResource(name, body, module));
            }
        }

        return all;
    }

    public static IReadOnlyList<ArmResource> OfType(JsonElement main, string type, bool includeExisting = false) =>
        AllResources(main)
            .Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase) && (includeExisting || !r.IsExisting))
            .ToList();

    public static ArmResource Single(JsonElement main, string type)
    {
        var found = OfType(main, type);
        Assert.True(found.Count == 1, $"Expected exactly one {type}, found {found.Count}.");
        return found[0];
    }

    /// <summary>
    /// The literal array of app settings a site is given: a literal array, or the array variables its
    /// expression names (e.g. <c>[concat(variables('appSettings'), variables('hostingSettings'))]</c>); variables
    /// that are themselves expressions (plan-specific extras) are skipped.
    /// </summary>
    public static IReadOnlyDictionary<string, string> LiteralAppSettings(ArmResource site)
    {
        var appSettings = site.Properties.GetProperty("siteConfig").GetProperty("appSettings");
        var arrays = new List<JsonElement>();
        if (appSettings.ValueKind == JsonValueKind.Array)
        {
            arrays.Add(appSettings);
        }
        else
        {
            var module = site.Module ?? throw new Xunit.Sdk.XunitException("The site's app settings are an expression outside a module.");
            foreach (Match m in VariableReference().Matches(appSettings.GetString()!))
            {
                var variable = module.Variable(m.Groups[1].Value);
                if (variable.ValueKind == JsonValueKind.Array)
                {
                    arrays.Add(variable);
                }
            }
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in arrays.SelectMany(a => a.EnumerateArray()))
        {
            var name = setting.GetProperty("name").GetString()!;
            Assert.False(settings.ContainsKey(name), $"App setting {name} is listed twice.");
            settings[name] = setting.GetProperty("value").ToString();
        }

        return settings;
    }

    /// <summary>A property that is either literal or <c>[if(variables('isFlex'), variables('x'), null())]</c>: the variable x.</summary>
    public static JsonElement ResolveVariable(ArmResource resource, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String || resource.Module is null)
        {
            return value;
        }

        var names = VariableReference().Matches(value.GetString()!)
            .Select(m => m.Groups[1].Value)
            .Select(n => (Name: n, Value: resource.Module.Variable(n)))
            .Where(v => v.Value.ValueKind == JsonValueKind.Object)
            .ToList();
        Assert.True(names.Count == 1, $"Cannot resolve {value} to one object variable.");
        return names[0].Value;
    }

    [GeneratedRegex(@"variables\('([A-Za-z0-9_]+)'\)")]
    private static partial Regex VariableReference();
}
