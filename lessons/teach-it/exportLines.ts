/**
 * The Python that loads the lesson's export: a width-1 ImageNet-stem ResNet-18 with K outputs is exactly
 * torchvision.models.resnet18(num_classes=K), and the file holds torchvision's names (conv1.weight, layer4.1.bn2.
 * running_var, fc.weight …, num_batches_tracked included), so load_state_dict takes it strictly.
 */

/** File name the page downloads. */
export const EXPORT_NAME = 'teach-it-resnet18.safetensors';

/** Python lines (torch, torchvision, safetensors) that rebuild the model, load the file and classify one picture at `crop` px. */
export function pythonLines(classNames: string[], crop: number): string {
  const resize = Math.trunc(crop / 0.875);
  return [
    'import torch, torchvision',
    'from torchvision import transforms',
    'from safetensors.torch import load_file',
    'from PIL import Image',
    '',
    `classes = ${JSON.stringify(classNames)}`,
    `model = torchvision.models.resnet18(num_classes=${classNames.length})`,
    `model.load_state_dict(load_file("${EXPORT_NAME}"))`,
    'model.eval()',
    'prep = transforms.Compose([',
    `    transforms.Resize(${resize}, interpolation=transforms.InterpolationMode.BICUBIC),`,
    `    transforms.CenterCrop(${crop}),`,
    '    transforms.ToTensor(),',
    '    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),',
    '])',
    'x = prep(Image.open("photo.jpg").convert("RGB")).unsqueeze(0)',
    'with torch.no_grad():',
    '    probs = model(x).softmax(1)[0]',
    'print(classes[int(probs.argmax())], float(probs.max()))',
  ].join('\n');
}

/** JavaScript lines (tfjs) that load the graph-model export and classify one canvas at `crop` px, as the page preprocesses. */
export function tfjsLines(classNames: string[], crop: number): string {
  return [
    "import * as tf from '@tensorflow/tfjs';",
    '',
    `const classes = ${JSON.stringify(classNames)};`,
    "const model = await tf.loadGraphModel('model.json'); // beside resnet18.weights.bin",
    `// canvas: the picture's ${crop}×${crop} centre crop after resizing its short side to ${Math.trunc(crop / 0.875)} px`,
    'const x = tf.tidy(() => tf.browser.fromPixels(canvas).toFloat().div(255)',
    '  .sub([0.485, 0.456, 0.406]).div([0.229, 0.224, 0.225]).expandDims(0));',
    "const probs = await tf.softmax(model.execute(x, 'logits')).data();",
    'console.log(classes[probs.indexOf(Math.max(...probs))]);',
  ].join('\n');
}
