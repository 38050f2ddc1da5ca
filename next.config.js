/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files from its own package folder, and postgres.js,
  // socket.io and redis are plain Node libraries: all stay outside the bundle.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'socket.io', '@socket.io/redis-adapter', 'redis'],
  poweredByHeader: false,
};

export default nextConfig;
