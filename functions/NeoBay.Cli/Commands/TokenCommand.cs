using System.CommandLine;
using NeoBay.Grants.Auth;
using NeoBay.Grants.Common;
using NeoBay.Policy;

namespace NeoBay.Cli.Commands;

/// <summary>
/// `neobay token --role R [--uscc X] [--for X …]`: a bearer token signed with the PUBLIC local development
/// key, for trying the API locally and for tests. It refuses to run when a different signing key is
/// configured in the environment: it can never mint a token a deployed app would accept.
/// </summary>
internal static class TokenCommand
{
    public const int Refused = 2;
    private const string SigningKeyVariable = "NeoBay__Auth__SigningKey";

    public static Command Create(TextWriter output, TextWriter error, TimeProvider time, Func<string, string?> environment)
    {
        var role = new Option<string>("--role") { Description = "applicant, reviewer, admin or integrator.", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All.Order(StringComparer.Ordinal)]);
        var uscc = new Option<string?>("--uscc") { Description = "The applicant's unified social credit code (role applicant)." };
        var actsFor = new Option<string[]>("--for") { Description = "A USCC an integrator acts for (repeatable).", AllowMultipleArgumentsPerToken = true };
        var hours = new Option<int>("--hours") { Description = "Lifetime in hours (1–24).", DefaultValueFactory = _ => 8 };
        var command = new Command("token", "Mint a bearer token with the local development key (never for production).") { role, uscc, actsFor, hours };
        command.SetAction(parse =>
        {
            var configured = environment(SigningKeyVariable);
            if (!string.IsNullOrEmpty(configured) && !DevelopmentTokens.IsDevelopmentKey(configured))
            {
                error.WriteLine($"neobay token: refused — {SigningKeyVariable} holds another key; this command signs with the public development key only.");
                return Refused;
            }

            var roleName = parse.GetValue(role)!;
            var applicant = parse.GetValue(uscc);
            var integratorFor = parse.GetValue(actsFor) ?? [];
            var lifetime = parse.GetValue(hours);
            var problem = Check(roleName, applicant, integratorFor, lifetime);
            if (problem is not null)
            {
                error.WriteLine("neobay token: " + problem);
                return Refused;
            }

            output.WriteLine(DevelopmentTokens.Mint(roleName, applicant, integratorFor, TimeSpan.FromHours(lifetime), time));
            return 0;
        });
        return command;
    }

    private static string? Check(string role, string? uscc, string[] actsFor, int hours)
    {
        if (hours is < 1 or > 24) return "--hours must be between 1 and 24.";
        if (role == Roles.Applicant && uscc is null) return "--uscc is required for the applicant role.";
        if (role == Roles.Integrator && actsFor.Length == 0) return "--for is required for the integrator role.";
        foreach (var code in actsFor.Prepend(uscc).OfType<string>())
        {
            if (!Uscc.IsValid(code)) return $"'{code}' is not a valid unified social credit code (GB 32100-2015).";
        }

        return null;
    }
}
