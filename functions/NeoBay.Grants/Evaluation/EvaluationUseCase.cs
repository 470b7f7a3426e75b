using NeoBay.Policy;

namespace NeoBay.Grants.Evaluation;

/// <summary>The queue side: evaluate one application (idempotent under redelivery).</summary>
public interface IEvaluationUseCase
{
    Task EvaluateAsync(string applicationId, CancellationToken cancellationToken = default);

    /// <summary>The last delivery failed: mark the application <c>evaluationFailed</c> (idempotent).</summary>
    Task MarkEvaluationFailedAsync(string applicationId, string reason, CancellationToken cancellationToken = default);
}
