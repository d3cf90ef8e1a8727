using Metering.Cli;

return await MeteringCli.RunAsync(args, CliEnvironment.FromProcess(), CancellationToken.None);
