using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using NeoBay.Grants.Common;

namespace NeoBay.Grants.Storage;

/// <summary>What happened to one transaction of a chunked write.</summary>
public enum BatchOutcome
{
    Written,
    /// <summary>An insert of the chunk found its key taken (409): the chunk was written before.</summary>
    AlreadyExists,
}

/// <summary>
/// Submits table transactions within the service's limits: one partition, ≤ 100 operations and ≤ 4 MiB
/// per transaction, every entity checked (<see cref="TableLimits"/>). A longer list is split into
/// consecutive transactions in the given order, each atomic on its own.
/// </summary>
public static class TableBatchWriter
{
    /// <summary>Splits the actions into transaction-sized chunks (order kept); throws when they span partitions or an entity is too big.</summary>
    public static IReadOnlyList<IReadOnlyList<TableTransactionAction>> Chunk(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count == 0) return [];
        var partition = actions[0].Entity.PartitionKey;
        var chunks = new List<IReadOnlyList<TableTransactionAction>>();
        var current = new List<TableTransactionAction>();
        long bytes = 0;
        foreach (var action in actions)
        {
            if (!string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal))
                throw new TableLimitException($"A batch must stay in one partition: '{partition}' and '{action.Entity.PartitionKey}'.");
            TableLimits.Validate(action.Entity);
            var size = TableLimits.EstimateSize(action.Entity) + TableLimits.BatchOperationOverheadBytes;
            if (current.Count == TableLimits.MaxBatchOperations || (current.Count > 0 && bytes + size > TableLimits.MaxBatchBytes))
            {
                chunks.Add(current);
                current = [];
                bytes = 0;
            }

            current.Add(action);
            bytes += size;
        }

        chunks.Add(current);
        return chunks;
    }

    /// <summary>
    /// Submits each chunk. A chunk refused with 409 (an insert whose key exists) reports
    /// <see cref="BatchOutcome.AlreadyExists"/>; a 412 (stale ETag) throws <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    public static async Task<IReadOnlyList<BatchOutcome>> SubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<BatchOutcome>();
        foreach (var chunk in Chunk(actions))
        {
            outcomes.Add(await SubmitChunkAsync(table, chunk, cancellationToken));
        }

        return outcomes;
    }

    /// <summary>
    /// One transaction of ETag-conditional updates and the inserts that go with them (an audit line keyed by the new
    /// version). A stale ETag (412), a taken insert key (409: another writer made this transition) or a vanished row (404)
    /// throws <see cref="ConcurrencyConflictException"/> naming <paramref name="what"/>. Returns the per-operation responses.
    /// </summary>
    public static async Task<IReadOnlyList<Response>> SubmitConditionalAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, string what,
        CancellationToken cancellationToken = default)
    {
        if (Chunk(actions).Count > 1) // validates every entity too
            throw new TableLimitException($"An update of {what} touches {actions.Count} rows; one transaction holds {TableLimits.MaxBatchOperations}.");
        try
        {
            return (await table.SubmitTransactionAsync(actions, cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 409 or 404)
        {
            throw new ConcurrencyConflictException($"{what} changed since it was read ({e.Status}).", e);
        }
    }

    /// <summary>
    /// Inserts one entity (checked against <see cref="TableLimits"/>): true when written, false when its key is taken (409),
    /// so a repeated write with a deterministic key is "already done", never a duplicate.
    /// </summary>
    public static async Task<bool> TryAddAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken = default)
    {
        TableLimits.Validate(entity);
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    private static async Task<BatchOutcome> SubmitChunkAsync(TableClient table, IReadOnlyList<TableTransactionAction> chunk, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(chunk, cancellationToken);
            return BatchOutcome.Written;
        }
        catch (RequestFailedException e) when (e.Status == 409 || e.ErrorCode == TableErrorCode.EntityAlreadyExists)
        {
            return BatchOutcome.AlreadyExists;
        }
        catch (RequestFailedException e) when (e.Status == 412 || e.ErrorCode == TableErrorCode.UpdateConditionNotSatisfied)
        {
            throw new ConcurrencyConflictException($"Stale ETag in a transaction on {table.Name}/{chunk[0].Entity.PartitionKey}.", e);
        }
        catch (RequestFailedException e) when (e.Status == 404 && chunk.Any(a => a.ActionType is TableTransactionActionType.UpdateReplace or TableTransactionActionType.UpdateMerge))
        {
            throw new ConcurrencyConflictException($"An entity updated in a transaction on {table.Name}/{chunk[0].Entity.PartitionKey} is gone.", e);
        }
    }
}
