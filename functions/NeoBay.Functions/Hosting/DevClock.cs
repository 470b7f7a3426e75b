namespace NeoBay.Functions.Hosting;

/// <summary>
/// The clock outside production when <c>NeoBay:DevClock</c> names an instant: time starts there when the
/// app starts and runs on at the real pace (to try a fiscal-year change, a policy's last day, …).
/// </summary>
public sealed class ShiftedTimeProvider(DateTimeOffset start, TimeProvider real) : TimeProvider
{
    private readonly TimeSpan shift = start - real.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => real.GetUtcNow() + shift;

    public override long GetTimestamp() => real.GetTimestamp();

    public override TimeZoneInfo LocalTimeZone => real.LocalTimeZone;
}
