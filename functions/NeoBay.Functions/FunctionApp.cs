using NeoBay.Functions.Auth;

namespace NeoBay.Functions;

/// <summary>The app's worker middleware, in order. Program.cs registers them; the local host runs the same list.</summary>
public static class FunctionApp
{
    public static IReadOnlyList<Type> Middleware { get; } = [typeof(ExceptionMiddleware), typeof(HttpResilienceMiddleware), typeof(AuthMiddleware)];
}
