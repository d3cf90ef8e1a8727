namespace Metering.Cli.Tests; internal static class Placeholder;
