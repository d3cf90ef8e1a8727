namespace Metering.Storage.Tests; internal static class Placeholder;
