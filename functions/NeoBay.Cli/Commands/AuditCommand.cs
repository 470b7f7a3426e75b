using System.CommandLine;
using NeoBay.Grants.Payments;
using NeoBay.Grants.Storage;
using NeoBay.Grants.Storage.Payments;

namespace NeoBay.Cli.Commands;

/// <summary>
/// `neobay audit verify [--grant G | --application A | --payee USCC | --batch B | --all]`: recomputes the audit chains
/// (docs/audit.md) and prints the first break. Exit 0 when every chain holds, 3 at a break, 1 when storage fails.
/// </summary>
internal static class AuditCommand
{
    public const int Broken = 3;

    public static Command Create(TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        var grant = new Option<string?>("--grant") { Description = "One grant's partition." };
        var application = new Option<string?>("--application") { Description = "One application's partition (one chain: the application, its documents, their reads)." };
        var payee = new Option<string?>("--payee") { Description = "One payee account's partition (USCC)." };
        var batch = new Option<string?>("--batch") { Description = "One payment batch's partition." };
        var all = new Option<bool>("--all") { Description = "Every partition of applications, grants, payments and identities (a full scan)." };
        var verify = new Command("verify", "Recompute the audit chains and report the first break.") { grant, application, payee, batch, all };
        OperatorStorage.AddOptions(verify);
        verify.SetAction(async (parse, cancellation) =>
        {
            var targets = new[] { parse.GetValue(grant), parse.GetValue(application), parse.GetValue(payee), parse.GetValue(batch) }.Count(v => v is not null) + (parse.GetValue(all) ? 1 : 0);
            if (targets != 1)
            {
                error.WriteLine("neobay audit verify: give exactly one of --grant, --application, --payee, --batch, --all.");
                return OperatorStorage.Usage;
            }

            var opened = OperatorStorage.Open(OperatorStorage.Target(parse), environment, error, "audit verify");
            if (opened is not { } tables) return OperatorStorage.Usage;
            var payments = await new PaymentTables(tables.Tables.Service, tables.Tables.Prefix).GetAsync(cancellation);
            try
            {
                AuditVerification result;
                if (parse.GetValue(all))
                {
                    result = new AuditVerification(0, 0, null);
                    foreach (var table in new[] { await tables.Tables.GetAsync(GrantsTables.Applications, cancellation), await tables.Tables.GetAsync(GrantsTables.Grants, cancellation), payments,
                        await tables.Tables.GetAsync(GrantsTables.Identities, cancellation) })
                    {
                        result = TableAuditVerifier.Add(result, await TableAuditVerifier.VerifyTableAsync(table, cancellation));
                        if (result.FirstBreak is not null) break;
                    }
                }
                else if (parse.GetValue(grant) is { } g) result = await TableAuditVerifier.VerifyPartitionAsync(await tables.Tables.GetAsync(GrantsTables.Grants, cancellation), g, cancellation);
                else if (parse.GetValue(application) is { } a) result = await TableAuditVerifier.VerifyPartitionAsync(await tables.Tables.GetAsync(GrantsTables.Applications, cancellation), a, cancellation);
                else if (parse.GetValue(payee) is { } u) result = await TableAuditVerifier.VerifyPartitionAsync(payments, PaymentKeys.PayeePartition(u), cancellation);
                else result = await TableAuditVerifier.VerifyPartitionAsync(payments, PaymentKeys.BatchPartition(parse.GetValue(batch)!), cancellation);

                if (result.FirstBreak is { } b)
                {
                    output.WriteLine($"BROKEN {b.Table} {b.Partition}/{b.RowKey}: {b.Problem} ({result.Chains} chains, {result.Lines} lines checked)");
                    return Broken;
                }

                output.WriteLine(result.Chains == 0 ? "no audit chain found" : $"ok: {result.Chains} chains, {result.Lines} lines");
                return 0;
            }
            catch (Azure.RequestFailedException e)
            {
                return OperatorStorage.StorageFailed(error, "audit verify", e);
            }
        });
        return new Command("audit", "The tamper-evident audit trail.") { verify };
    }
}
