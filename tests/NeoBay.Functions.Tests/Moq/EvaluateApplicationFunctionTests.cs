using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using NeoBay.Functions.Queues;
using NeoBay.Grants.Evaluation;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class EvaluateApplicationFunctionTests
{
    private static QueueMessage Message(string body, long dequeueCount) =>
        QueuesModelFactory.QueueMessage("m1", "pop", BinaryData.FromString(body), dequeueCount);

    private readonly Mock<IEvaluationUseCase> evaluation = new(MockBehavior.Strict);

    private EvaluateApplicationFunction Function() => new(evaluation.Object, new EvaluationQueueOptions(5), NullLogger<EvaluateApplicationFunction>.Instance);

    [Fact]
    public async Task A_failure_before_the_last_delivery_is_rethrown_without_marking()
    {
        evaluation.Setup(e => e.EvaluateAsync("A1", It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("slow"));

        await Assert.ThrowsAsync<TimeoutException>(() => Function().EvaluateApplication(Message(EvaluationMessage.Write("A1"), 4), CancellationToken.None));

        evaluation.Verify(e => e.MarkEvaluationFailedAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_last_failed_delivery_marks_evaluationFailed_and_rethrows_for_the_poison_queue()
    {
        evaluation.Setup(e => e.EvaluateAsync("A1", It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("slow"));
        evaluation.Setup(e => e.MarkEvaluationFailedAsync("A1", "TimeoutException: slow", It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        await Assert.ThrowsAsync<TimeoutException>(() => Function().EvaluateApplication(Message(EvaluationMessage.Write("A1"), 5), CancellationToken.None));

        evaluation.Verify(e => e.MarkEvaluationFailedAsync("A1", "TimeoutException: slow", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_message_that_is_not_ours_is_dropped()
    {
        await Function().EvaluateApplication(Message("hello", 1), CancellationToken.None);

        evaluation.VerifyNoOtherCalls();
    }
}
