import { alpineBase, multiStage, wgetCheck } from './dockerfileParts';
import { RECOMMENDED_RELEASES as R } from '../recommended';

// the .NET line is the recommended one, an LTS line (../recommended.ts, held to server/src/data/baseImageEol.ts)
const BUILD_IMAGE = `mcr.microsoft.com/dotnet/sdk:${R.dotnet}-alpine`;
const IMAGE = `mcr.microsoft.com/dotnet/aspnet:${R.dotnet}-alpine`;
const ASSEMBLY = 'App.dll';

/** .NET: dotnet publish in the SDK image, the output on the ASP.NET Core runtime. */
export const dotnetTemplate = multiStage({
  info: {
    id: 'dotnet',
    label: '.NET',
    description: `.NET 10 LTS: dotnet publish in the SDK image, runs on ${IMAGE} (no SDK)`,
    defaultPort: 8080,
    defaultStartCommand: ['dotnet', ASSEMBLY],
  },
  buildImage: BUILD_IMAGE,
  image: IMAGE,
  buildKeeps: 'the SDK and the NuGet cache',
  build: [
    'WORKDIR /src',
    '# The project file first: packages are restored again only when it changes',
    'COPY *.csproj ./',
    '# Feed credentials are a build secret, never an ARG, ENV or copied file (those stay in the image):',
    '#   RUN --mount=type=secret,id=nugetconfig,target=/root/.nuget/NuGet/NuGet.Config dotnet restore',
    'RUN --mount=type=cache,target=/root/.nuget/packages dotnet restore',
    'COPY . .',
    '# Framework-dependent output without the native launcher: the runtime image starts it with dotnet',
    'RUN --mount=type=cache,target=/root/.nuget/packages \\',
    '    dotnet publish --no-restore --configuration Release --output /out -p:UseAppHost=false',
  ],
  finalTitle: 'the ASP.NET Core runtime only',
  base: alpineBase,
  final: (c) => [
    'WORKDIR /app',
    '# The application stays owned by root: it cannot rewrite itself',
    'COPY --from=build /out ./',
    ...(c.port === null
      ? []
      : [
          '# Kestrel listens on this port only (plain HTTP: terminate TLS at the proxy in front)',
          `ENV ASPNETCORE_HTTP_PORTS=${c.port}`,
        ]),
  ],
  check: wgetCheck,
  checkWhy: 'busybox wget, part of the Alpine-based runtime image',
  placeholders: (c) =>
    c.defaultCommand
      ? [{ text: ASSEMBLY, why: 'The assembly your project publishes: `<ProjectName>.dll` (CMD).' }]
      : [],
  notes: ['Expects the `.csproj` at the root of the build context.'],
});
