using NeoBay.Cli;

return await NeoBayCli.RunAsync(args, Console.In, Console.Out, Console.Error, TimeProvider.System);
