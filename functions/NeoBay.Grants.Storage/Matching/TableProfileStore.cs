using Azure;
using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Matching;
using NeoBay.Policy;

namespace NeoBay.Grants.Storage.Matching;

/// <summary>
/// Table <c>profiles</c>: partition = the applicant's USCC, row <c>profile</c>: version, savedAt, the profile as JSON (A11.2
/// persons as category and keyed hash only, never an identity number). A write is an insert (no profile yet) or a replace
/// with the ETag of the version read, so two racing writers cannot both win.
/// </summary>
public sealed class TableProfileStore(GrantsTables tables) : IProfileStore
{
    public const string Table = "profiles";
    private const string Row = "profile";

    private readonly Lazy<Task<TableClient>> table = new(async () =>
    {
        var client = tables.Service.GetTableClient(tables.Prefix + Table);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public async Task<SavedProfile?> GetAsync(string uscc, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(uscc, Row, cancellationToken: cancellationToken);
        if (!response.HasValue) return null;
        var e = response.Value!;
        return new SavedProfile(uscc, StorageJson.Deserialize<EvaluationRequest>(TableLimits.GetLongString(e, "ProfileJson") ?? "null"),
            e.GetInt32("Version") ?? 0, e.GetDateTimeOffset("SavedAt") ?? default);
    }

    public async Task<bool> TryWriteAsync(SavedProfile profile, int expectedVersion, CancellationToken cancellationToken = default)
    {
        var client = await table.Value.WaitAsync(cancellationToken);
        var entity = new TableEntity(profile.Uscc, Row) { ["Version"] = profile.Version, ["SavedAt"] = profile.SavedAt };
        TableLimits.SetLongString(entity, "ProfileJson", StorageJson.Serialize(profile.Profile));
        TableLimits.Validate(entity);
        try
        {
            if (expectedVersion == 0)
            {
                await client.AddEntityAsync(entity, cancellationToken);
                return true;
            }
            var current = await client.GetEntityIfExistsAsync<TableEntity>(profile.Uscc, Row, cancellationToken: cancellationToken);
            if (!current.HasValue || (current.Value!.GetInt32("Version") ?? 0) != expectedVersion) return false;
            await client.UpdateEntityAsync(entity, current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }
}
