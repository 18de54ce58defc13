"""The ``neuroglass`` command's messages in Chinese (see ``messages.py``).

Terms as d2l-zh writes them (轮 for epoch, 学习率, 隐藏层, 偏置, 权重, 激活函数,
损失, 发放率, 膜电位); option names, file names, model and data set names and
units (ms, Hz) stay as typed.
"""

ZH = {
    # -- every command ---------------------------------------------------------------
    "error_line": "{prog}：错误：{text}",
    "usage_error": "{prog}：错误：{message}（参见 '{prog} --help'）",
    "no_memory": "内存不足；请使用更少的数据或更小的网络",
    "too_deep": "{source!r} 嵌套过深，无法读取",
    "the_input": "输入",
    "interrupted": "已中断",
    "and": " 和 ",
    "usage_prefix": "用法：",
    "wrote": "已写入 {path}",
    # -- argument types (args.py) ----------------------------------------------------
    "refusal": "应为{expected}；收到的是 {text!r}。{hint}",
    "whole_range": " {low} 到 {high:,} 之间的整数",
    "whole_min": "不小于 {low} 的整数",
    "finite": "满足 {span} 的有限数",
    "span_and": "{left} 且 {right}",
    "hint_ms": "单位为毫秒。",
    "hint_dt": "单位为毫秒，例如 --dt 0.1。",
    "hint_whole_ms": "单位为整毫秒。",
    "layers_syntax": "--layers 接受以逗号分隔的隐藏层宽度，例如 8,8；"
    "收到的是 {text!r}。",
    "layers_range": "层宽度必须是 1 到 {high:,} 之间的整数；收到的是 {text!r}。",
    "features_syntax": "应为以逗号分隔的特征名，例如 x1,x2,x1^2；收到的是 {text!r}。",
    "too_many_params": "网络 {sizes} 将有 {count:,} 个参数；命令行最多构建 {high:,} "
    "个参数的网络。请使用更窄的层（--layers）。",
    "fixed_data": "{given}：{name} 是固定数据（样本总是相同）；--n 和 --noise "
    "只适用于生成的数据集（{generated}）。",
    # -- train and demo --------------------------------------------------------------
    "n_noise_csv": "{flag} 只适用于生成的数据集，不适用于 --csv {csv}。",
    "target_builtin": "--target 用来选择 --csv 数据中的一列；内置数据集有自己的目标。",
    "features_2d": "--features 变换二维数据集的两个输入；{source} 有 {n} "
    "个输入列。请去掉 --features。",
    "ce_regressed": "--loss cross_entropy 需要类别标签，但目标被当作回归（{reason}）；"
    "请传入 --task classify，或换一个损失函数。",
    "save_is_dir": "--save {path!r} 是一个文件夹；请传入文件名，例如 {example!r}。",
    "save_no_folder": "--save {path!r}：文件夹 {folder!r} 不存在；请先创建它。",
    "record_dir_named_run": "--record {path!r} 是一个名字像运行记录文件的文件夹；"
    "请换一个名字。",
    "record_is_file": "--record {path!r} 是已有的文件，不是文件夹；请传入文件夹"
    "（会在其中新建运行记录文件），或以 .ngrun 结尾的路径。",
    "data_line": "数据：{source}，训练样本 {n_train} 个 / 测试样本 {n_test} 个",
    "task_line": "任务：{task}",
    "prefix_train": "训练",
    "prefix_test": "测试",
    "metric_loss": "{prefix}损失 {value:.4f}",
    "metric_accuracy": "{prefix}准确率 {value:.1f}%",
    "metric_r2": "{prefix} R² {value:.4f}",
    "train_result": "{train}  |  {test}  |  {epochs} 轮，用时 {seconds:.1f} 秒",
    "saved": "模型已保存到 {path}",
    "recorded": "运行已记录到 {path}",
    "demo_title": "neuroglass 演示：两条交错的螺旋（TensorFlow Playground "
    "中最难的数据集）",
    "demo_result": "{metrics}（{epochs} 轮，用时 {seconds:.1f} 秒）",
    "demo_regions": "决策区域（+ 为类别 1，. 为类别 0；测试点 O 为 1，x 为 0）：",
    "demo_next": "下一步：neuroglass train --help",
    "progress": "训练",
    # -- info ------------------------------------------------------------------------
    "trained_for": "已训练 {epochs} 轮（{steps} 步）",
    # -- runs ------------------------------------------------------------------------
    "no_runs": "{directory} 中没有运行记录（.ngrun 文件）",
    "unreadable": "无法读取：{error}",
    "runs_note": "（损失和准确率：记录了验证集时为验证集上的值，否则为训练集上的值）",
    "network_line": "{sizes}（{activations}）  损失={loss}  数据类型={dtype}  "
    "种子={seed}",
    "framework_line": "{name} {version}，{params:,} 个参数，{world} 个进程",
    "epochs_line": "已记录 {epochs} 轮，{snapshots} 个快照，{steps} 个单步损失",
    "final_line": "损失 {loss}  准确率 {accuracy}  验证损失 {val_loss}  "
    "验证准确率 {val_accuracy}",
    "diagnostics_head": "诊断（{count}）：",
    "diagnostics_none": "诊断（0）：无",
    # -- playground and dashboard ----------------------------------------------------
    "remote_host": "--host {host} 会让其他机器访问游乐场（它没有登录）；"
    "如果确实需要，请同时传入 --allow-remote。",
    "runs_is_file": "--runs {path!r} 是已有的文件，不是文件夹；"
    "请传入一个文件夹来存放各会话的运行记录文件。",
    "remote_warning": "警告：正在 {host} 上提供服务：能访问这个地址的任何人都可以使用"
    "游乐场。",
    "bad_host": "--host {host!r} 不是本机的地址：{error}。",
    "port_busy": "无法在 {host} 的端口 {port} 上提供服务：{error}；"
    "是否有其他程序（或另一个游乐场）在使用它？请用 --port 换一个端口号。",
    # -- plot and report -------------------------------------------------------------
    "output_is_dir": "-o {path!r} 是一个文件夹；请传入其中的文件名。",
    "output_no_folder": "-o {path!r}：文件夹 {folder!r} 不存在；请先创建它。",
    "output_suffix": "输出文件必须以 .png、.svg 或 .pdf 结尾；收到的是 {path!r}。",
    "inputs_mismatch": "{what}有 {have} 个输入特征，但网络接受 {n_in} 个；"
    "请传入训练它时用的 --dataset。",
    "the_runs_data": "这次运行的数据集",
    "no_snapshot": "--epoch {epoch}：{run} 在这一轮没有快照；有快照的轮为 {epochs}。",
    "bad_layer": "--layer {layer}：网络有 {count} 层；请传入 0 到 {last}。",
    "too_many_pixels": "--dpi {dpi} 会让这张 {width:.0f} x {height:.0f} 英寸的图变成 "
    "{px_width:,.0f} x {px_height:,.0f} 像素；最多绘制 {millions:.0f} 百万像素。"
    "请传入 --dpi {most} 或更小的值。",
    "needs_data": "“{kind}”需要数据：请传入 --dataset NAME（可选：{names}）。",
    "needs_run": "“{kind}”绘制的是记录下来的运行（.ngrun）；{source!r} 是一个模型。"
    "请用 `neuroglass train --record DIR` 记录一次运行。",
    # -- brain -----------------------------------------------------------------------
    "unknown_preset": "未知的 Izhikevich 预设 {text!r}；请从 {names} 中选择"
    "（参见 'neuroglass brain presets'）。",
    "current_syntax": "应为一个数（恒定电流）或 AMPLITUDE:START:STOP（阶跃电流，"
    "时间单位为毫秒），例如 10 或 10:20:180；收到的是 {text!r}。",
    "current_order": "阶跃电流 {text!r} 在 {stop:g} 毫秒结束，没有晚于它的开始时间 "
    "{start:g} 毫秒；请写成 START < STOP 的 AMPLITUDE:START:STOP。",
    "preset_not_izhikevich": "{preset!r}：预设只适用于 izhikevich；{model} "
    "不接受预设。",
    "too_many_steps": "--duration {duration:g} 毫秒、--dt {dt:g} 毫秒共 "
    "{steps:,.0f} 步{neurons}；命令行最多运行 {high:,} 步。请缩短 --duration "
    "或增大 --dt。",
    "times_neurons": " x {n} 个神经元",
    "model_title": "{name}（{scheme} 积分格式）",
    "izhikevich_name": "Izhikevich {preset}",
    "run_header": "{title}，dt = {dt:g} ms，时长 {duration:g} ms",
    "plot_title": "{title}，dt = {dt:g} ms",
    "input_current": "输入电流：{current}",
    "spikes_rate": "脉冲数：{count}，发放率 {rate:.2f} Hz",
    "closed_form": "解析解（连续时间）：{rate:.2f} Hz",
    "first_spikes": "前几个脉冲的时刻（ms）：{times}{more}",
    "sweep_must_rise": "--from {low:g} --to {high:g}：扫描必须递增；请让 --to "
    "大于 --from。",
    "fi_header": "{title} 的 f-I 曲线，dt = {dt:g} ms，时长 {duration:g} ms",
    "fi_current": "电流（{unit}）",
    "fi_rate": "发放率（Hz）",
    "fi_closed": "解析解（Hz）",
    "fi_title": "{title} 的 f-I 曲线与人工神经网络的激活函数",
    "no_neurons": "--n-excitatory 0 --n-inhibitory 0：网络至少需要一个神经元。",
    "sparse": "稀疏",
    "dense": "稠密",
    "network_header": "Izhikevich 网络：{ne} 个兴奋性 + {ni} 个抑制性神经元，"
    "{kind}权重，种子 {seed}，模拟 {duration} ms，用时 {seconds:.2f} 秒",
    "network_spikes": "脉冲数：{count}，平均发放率 {rate:.2f} Hz",
    "excitatory": "兴奋性",
    "inhibitory": "抑制性",
    "group_rates": "  {group}：平均 {mean:.2f} Hz，最低 {low:.2f}，最高 {high:.2f}",
    "presets_name": "名称",
    "presets_pattern": "放电模式",
    "presets_note": "Izhikevich 2003，图 2；v 和 c 的单位为 mV，I、u 和 d 无量纲。",
    "plot_suffix": "--plot {path!r}：图文件必须以 .png、.svg 或 .pdf 结尾。",
    "plot_folder": "--plot {path!r}：文件夹 {folder!r} 不存在（或这个路径是文件夹）；"
    "请传入已有文件夹中的文件名。",
    "dimensionless": "无量纲",
    "preset_RS": "规则放电（兴奋性皮层神经元）",
    "preset_IB": "内在簇放电",
    "preset_CH": "颤振放电（快速节律性簇放电）",
    "preset_FS": "快速放电（抑制性中间神经元）",
    "preset_TC": "丘脑皮层神经元",
    "preset_RZ": "共振器",
    "preset_LTS": "低阈值放电",
    # -- runs show: labels and a run's status ----------------------------------------
    "label_run": "运行",
    "label_status": "状态",
    "label_network": "网络",
    "label_framework": "框架",
    "label_optimizer": "优化器",
    "label_training": "训练",
    "label_dataset": "数据集",
    "label_epochs": "轮数",
    "label_final": "最终",
    "column_loss": "损失",
    "column_accuracy": "准确率",
    "status_running": "运行中",
    "status_finished": "已完成",
    "status_interrupted": "已中断",
    "status_diverged": "已发散",
    "status_stopped": "已停止",
    # -- a network's summary table (engine.summary's words) --------------------------
    "summary_head": "网络 {sizes}   损失={loss}  数据类型={dtype}",
    "summary_layer": "层",
    "summary_activation": "激活函数",
    "summary_weights": "权重",
    "summary_bias": "偏置",
    "summary_params": "参数",
    "summary_total": "参数总数：{count:,}",
    # -- the task a target is learned as (datasets.TaskChoice) -----------------------
    "task_regression": "回归：{reason}",
    "task_classification": "分类，{n} 个类别（{mapping}）：{reason}",
    "task_labels": "标签 {labels}",
    "task_labels_to": "标签 {labels} -> 类别 {classes}",
    "reason_builtin_classification": "{name} 是分类数据集",
    "reason_builtin_regression": "{name} 是回归数据集",
    "reason_asked": "按要求（--task {task}）",
    "reason_fractional": "目标含有小数（可用 --task classify 改为分类）",
    "reason_many": "目标在 {n} 行中有 {k} 个不同的整数，比类别标签多（类别至多 "
    "{high} 个，且不超过行数的一半；可用 --task classify 改为分类）",
    "reason_classes": "目标在 {n} 行中有 {k} 个不同的整数（不超过 {high} 个，"
    "也不超过行数的一半；可用 --task regress 改为回归）",
}
