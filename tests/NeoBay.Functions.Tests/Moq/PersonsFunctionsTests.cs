using Moq;
using NeoBay.Functions.Http;
using NeoBay.Functions.Tests.Support;
using NeoBay.Grants.Common;
using NeoBay.Grants.Renewals;

namespace NeoBay.Functions.Tests.Mocks;

public sealed class PersonsFunctionsTests
{
    private readonly Mock<IRenewalRecordsUseCases> records = new(MockBehavior.Strict);

    private PersonsFunctions Functions() => new(records.Object);

    [Fact]
    public async Task A11_2_a_departure_passes_the_person_date_and_reason_and_answers_the_record()
    {
        records.Setup(r => r.RecordPersonDepartureAsync(Requests.ApplicantA, "G1", 2, new DateOnly(2026, 3, 31), "调岗", It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<PersonDeparture>.Ok(new PersonDeparture("G1", 2, new DateOnly(2026, 3, 31), "调岗", "applicant-a", Triggers.Instant)));

        var result = (await Functions().RecordPersonDeparture(Requests.Make("POST", """{"leftOn": "2026-03-31", "reason": "调岗"}""", Requests.ApplicantA), "G1", 2)).Api();

        Assert.Equal(200, result.StatusCode);
        var body = result.JsonBody();
        Assert.Equal(("G1", 2, "2026-03-31", "applicant-a"),
            (body.GetProperty("subject").GetString(), body.GetProperty("person").GetInt32(), body.GetProperty("leftOn").GetString(), body.GetProperty("recordedBy").GetString()));
        records.Verify(r => r.RecordPersonDepartureAsync(Requests.ApplicantA, "G1", 2, new DateOnly(2026, 3, 31), "调岗", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(0, """{"leftOn": "2026-03-31"}""", "InvalidPerson")]
    [InlineData(1000, """{"leftOn": "2026-03-31"}""", "InvalidPerson")]
    [InlineData(1, """{"leftOn": "31/03/2026"}""", "InvalidDate")]
    [InlineData(1, """{"leftOn": "2026-03-31", "name": "x"}""", "UnknownField")]
    public async Task A_bad_person_or_body_is_400_before_the_use_case(int person, string body, string code)
    {
        (await Functions().RecordPersonDeparture(Requests.Make("POST", body, Requests.ApplicantA), "G1", person)).Problem(400, code);
        records.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Another_holders_grant_is_404()
    {
        records.Setup(r => r.RecordPersonDepartureAsync(Requests.ApplicantA, "G9", 1, new DateOnly(2026, 3, 31), null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Result<PersonDeparture>.Fail(UseCaseError.NotFound("NotFound.Grant")));

        (await Functions().RecordPersonDeparture(Requests.Make("POST", """{"leftOn": "2026-03-31"}""", Requests.ApplicantA), "G9", 1)).Problem(404, "NotFound");
    }
}
