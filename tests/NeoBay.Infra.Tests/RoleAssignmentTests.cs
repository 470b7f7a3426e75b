using System.Text.Json;
using System.Text.RegularExpressions;
using NeoBay.Infra.Tests.Support;

namespace NeoBay.Infra.Tests;

/// <summary>Issue 7 §1/§3: the app's identity holds exactly the roles it needs, each on one resource.</summary>
public class RoleAssignmentTests
{
    private const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    private readonly JsonElement _main = BicepCli.CompiledMain();

    [Fact]
    public void Exactly_the_four_intended_roles_are_assigned_each_on_its_resource()
    {
        var assignments = ArmTemplate.OfType(_main, "Microsoft.Authorization/roleAssignments");

        var granted = assignments
            .Select(a => (Role: RoleId(a), Scope: a.Body.GetProperty("scope").GetString()!))
            .OrderBy(g => g.Role, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(4, granted.Count);
        Assert.Equal(
            new[] { TableDataContributor, KeyVaultSecretsUser, QueueDataContributor, BlobDataOwner }.Order(StringComparer.Ordinal),
            granted.Select(g => g.Role));
        foreach (var (role, scope) in granted)
        {
            var expected = role == KeyVaultSecretsUser ? "Microsoft.KeyVault/vaults" : "Microsoft.Storage/storageAccounts";
            Assert.Contains(expected, scope);
        }
    }

    [Fact]
    public void Every_role_goes_to_the_identity_the_function_app_runs_as()
    {
        var appIdentityModule = Regex.Match(
            ArmTemplate.Module(_main, "functionApp").ParameterValue("identityId"),
            @"^\[reference\('(\w+)'\)\.outputs\.id\.value\]$");
        Assert.True(appIdentityModule.Success);
        var identityModule = ArmTemplate.Module(_main, appIdentityModule.Groups[1].Value);
        var created = Assert.Single(ArmTemplate.OfType(_main, "Microsoft.ManagedIdentity/userAssignedIdentities"));
        Assert.Equal(identityModule.SymbolicName, created.Module!.SymbolicName);
        var identityName = identityModule.ParameterValue("name");

        foreach (var assignment in ArmTemplate.OfType(_main, "Microsoft.Authorization/roleAssignments"))
        {
            var properties = assignment.Properties;
            Assert.Equal("ServicePrincipal", properties.GetProperty("principalType").GetString());

            // principalId = the principal of an existing identity of the module, named by a module parameter
            // that main fills with the very name the app's identity is created with.
            var module = assignment.Module!;
            var parameter = IdentityNameParameter(module, properties.GetProperty("principalId").GetString()!);
            Assert.Equal(identityName, module.ParameterValue(parameter));
        }
    }

    [Fact]
    public void No_role_is_granted_at_resource_group_or_subscription_scope()
    {
        var assignments = ArmTemplate.OfType(_main, "Microsoft.Authorization/roleAssignments");

        Assert.All(assignments, a => Assert.True(a.Body.TryGetProperty("scope", out _), "A role assignment without a resource scope."));
        Assert.All(assignments, a => Assert.NotNull(a.Module));
    }

    private static string IdentityNameParameter(ArmModule module, string principalId)
    {
        var byId = Regex.Match(principalId,
            @"^\[reference\(resourceId\('Microsoft\.ManagedIdentity/userAssignedIdentities', parameters\('(\w+)'\)\), '[0-9-]+'\)\.principalId\]$");
        if (byId.Success)
        {
            return byId.Groups[1].Value;
        }

        var bySymbol = Regex.Match(principalId, @"^\[reference\('(\w+)'\)\.principalId\]$");
        Assert.True(bySymbol.Success, $"Unexpected principal {principalId}");
        var existing = ArmTemplate.Resources(module.Template).Single(r => r.Name == bySymbol.Groups[1].Value).Body;
        Assert.Equal("Microsoft.ManagedIdentity/userAssignedIdentities", existing.GetProperty("type").GetString());
        return Regex.Match(existing.GetProperty("name").GetString()!, @"^\[parameters\('(\w+)'\)\]$").Groups[1].Value;
    }

    private static string RoleId(ArmResource assignment)
    {
        var definition = assignment.Properties.GetProperty("roleDefinitionId").GetString()!;
        var match = Regex.Match(definition, "'([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'");
        if (match.Success)
        {
            return match.Groups[1].Value;
        }

        // roleDefinitionId names a variable: subscriptionResourceId(..., variables('roles').x)
        var variable = Regex.Match(definition, @"variables\('(\w+)'\)\.(\w+)");
        Assert.True(variable.Success, $"Cannot read the role of {definition}");
        return assignment.Module!.Variable(variable.Groups[1].Value).GetProperty(variable.Groups[2].Value).GetString()!;
    }
}
