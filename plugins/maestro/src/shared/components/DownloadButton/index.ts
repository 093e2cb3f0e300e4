export { DownloadButton, saveBlob } from './DownloadButton';
export type { DownloadedFile } from './DownloadButton';
