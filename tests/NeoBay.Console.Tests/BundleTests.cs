using System.Diagnostics;
using NeoBay.Testing;

namespace NeoBay.Console.Tests;

/// <summary>
/// The committed bundle of oidc-client-ts (wwwroot/vendor/oidc-client-ts.js) is what <c>npm run build:console</c> makes from the
/// versions pinned in package-lock.json (esbuild output is deterministic): rebuilt into a temporary file and compared byte for byte.
/// Needs <c>npm ci</c> (as the tests' Azurite does).
/// </summary>
public sealed class BundleTests
{
    [Fact]
    public async Task The_committed_oidc_bundle_is_what_npm_run_build_console_makes()
    {
        var root = Azurite.RepositoryRoot();
        Assert.True(File.Exists(Path.Combine(root, "node_modules", "oidc-client-ts", "package.json")), "run npm ci --no-audit --no-fund first");
        var rebuilt = Path.Combine(Directory.CreateTempSubdirectory("neobay-bundle-").FullName, "oidc-client-ts.js");
        var start = new ProcessStartInfo("npm", ["run", "build:console", "--silent", "--", $"--outfile={rebuilt}"])
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var npm = Process.Start(start)!;
        var errors = npm.StandardError.ReadToEndAsync();
        await npm.StandardOutput.ReadToEndAsync();
        await npm.WaitForExitAsync();
        Assert.True(npm.ExitCode == 0, await errors);

        var committed = await File.ReadAllBytesAsync(Path.Combine(root, "functions", "NeoBay.Functions", "Console", "wwwroot", "vendor", "oidc-client-ts.js"));
        var fresh = await File.ReadAllBytesAsync(rebuilt);
        Assert.True(committed.SequenceEqual(fresh),
            "wwwroot/vendor/oidc-client-ts.js differs from a fresh build: run npm run build:console and commit it");
    }
}
