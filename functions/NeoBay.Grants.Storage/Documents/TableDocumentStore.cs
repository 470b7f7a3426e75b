using Azure.Data.Tables;
using NeoBay.Grants.Common;
using NeoBay.Grants.Documents;

namespace NeoBay.Grants.Storage.Documents;

/// <summary>
/// Documents in the application's partition of <c>applications</c>: rows <c>doc-{documentId}</c> and append-only
/// audit lines <c>docaudit-{documentId}-…</c> (apart from the application's own <c>audit-</c> lines, whose keys follow its version).
/// </summary>
public sealed class TableDocumentStore(GrantsTables tables) : IDocumentStore
{
    public async Task CreateAsync(DocumentRecord document, DocumentAuditEntry audit, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Applications, cancellationToken);
        try
        {
            await AuditChainHead.AppendAsync(table, [new TableTransactionAction(TableTransactionActionType.Add, ToEntity(document))], ToEntity(audit),
                "Document " + document.DocumentId, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // A repeat of an insert that landed is done (the document id is new on every request).
            if (await GetAsync(document.ApplicationId, document.DocumentId, cancellationToken) is null) throw;
        }
    }

    public async Task<DocumentRecord?> GetAsync(string applicationId, string documentId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Applications, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(applicationId, DocumentKeys.RowKey(documentId), cancellationToken: cancellationToken);
        return response.HasValue ? ToDocument(response.Value!) : null;
    }

    public async Task<IReadOnlyList<DocumentRecord>> ListAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Applications, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {applicationId} and RowKey ge {DocumentKeys.RowPrefix} and RowKey lt {"doc."}");
        var list = new List<DocumentRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)) list.Add(ToDocument(e));
        return list;
    }

    public async Task<DocumentRecord> ReplaceAsync(DocumentRecord document, DocumentAuditEntry audit, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Applications, cancellationToken);
        var what = "Document " + document.DocumentId;
        var responses = await AuditChainHead.AppendAsync(table,
            [new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(document), EntityMapping.RequireETag(document.StorageETag, what))],
            ToEntity(audit), what, cancellationToken);
        return document with { StorageETag = responses[0].Headers.ETag?.ToString() };
    }

    public async Task AppendAuditAsync(DocumentAuditEntry audit, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Applications, cancellationToken);
        await AuditChainHead.AppendPendingAsync(table, ToEntity(audit), cancellationToken);
    }

    public async Task<IReadOnlyList<DocumentAuditEntry>> GetAuditAsync(string applicationId, CancellationToken cancellationToken = default)
    {
        var table = await tables.GetAsync(GrantsTables.Applications, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {applicationId} and RowKey ge {DocumentKeys.AuditPrefix} and RowKey lt {"docaudit."}");
        var list = new List<DocumentAuditEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(new DocumentAuditEntry(e.PartitionKey, e.RowKey, e.GetDateTimeOffset("At") ?? default, e.GetString("Who"), e.GetString("What"),
                e.GetString("DocumentId"), e.GetString("Why")));
        }

        return list;
    }

    internal static TableEntity ToEntity(DocumentRecord d)
    {
        var e = new TableEntity(d.ApplicationId, DocumentKeys.RowKey(d.DocumentId))
        {
            ["DocumentId"] = d.DocumentId,
            ["Category"] = d.Category,
            ["FileName"] = d.FileName,
            ["ContentType"] = d.ContentType,
            ["DeclaredSize"] = d.DeclaredSize,
            ["Status"] = d.Status.ToString(),
            ["Version"] = d.Version,
            ["CreatedAt"] = d.CreatedAt,
            ["CreatedBy"] = d.CreatedBy,
            ["UploadExpiresAt"] = d.UploadExpiresAt,
        };
        EntityMapping.Set(e, "Size", d.Size);
        EntityMapping.Set(e, "Sha256", d.Sha256);
        EntityMapping.Set(e, "BlobETag", d.BlobETag);
        EntityMapping.Set(e, "CompletedAt", d.CompletedAt);
        EntityMapping.Set(e, "CompletedBy", d.CompletedBy);
        EntityMapping.Set(e, "RejectReason", d.RejectReason);
        return e;
    }

    internal static DocumentRecord ToDocument(TableEntity e) =>
        new(e.PartitionKey, e.GetString("DocumentId"), e.GetString("Category"), e.GetString("FileName"), e.GetString("ContentType"),
            e.GetInt64("DeclaredSize") ?? 0, Enum.Parse<DocumentStatus>(e.GetString("Status")), e.GetInt32("Version") ?? 0,
            e.GetDateTimeOffset("CreatedAt") ?? default, e.GetString("CreatedBy"), e.GetDateTimeOffset("UploadExpiresAt") ?? default)
        {
            Size = e.GetInt64("Size"),
            Sha256 = e.GetString("Sha256"),
            BlobETag = e.GetString("BlobETag"),
            CompletedAt = e.GetDateTimeOffset("CompletedAt"),
            CompletedBy = e.GetString("CompletedBy"),
            RejectReason = e.GetString("RejectReason"),
            StorageETag = e.ETag.ToString(),
        };

    private static TableEntity ToEntity(DocumentAuditEntry a)
    {
        var e = new TableEntity(a.ApplicationId, a.RowKey)
        {
            ["At"] = a.At,
            ["Who"] = a.Who,
            ["What"] = a.What,
            ["DocumentId"] = a.DocumentId,
        };
        EntityMapping.Set(e, "Why", a.Why);
        return e;
    }
}
